/** The parts of `$$.Execution` the steps use (passed by every ASL Task as `execution`). */
export interface ExecutionRef {
  Id: string;
  Name: string;
  StartTime: string;
}

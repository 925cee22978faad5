import { explainEmulatorGap } from '../../../cli/emulator-mode';
import { PreconditionFailed } from '../../../lambdas/errors';

const GAP = 'moto_server does not implement ElastiCache CopySnapshot';

describe('explainEmulatorGap', () => {
  it('puts the gap in front of an untyped (SDK or emulator) failure, keeping its name', async () => {
    const xml = Object.assign(new Error('@aws-sdk XML parse error: mismatched tags'), { name: 'SyntaxError' });
    const step = explainEmulatorGap('ExportRedisSnapshot', GAP, async () => {
      throw xml;
    });
    await expect(step({})).rejects.toMatchObject({
      name: 'SyntaxError',
      message: `${GAP} (the emulator answered: @aws-sdk XML parse error: mismatched tags)`,
    });
  });

  it('passes typed step errors and results through unchanged', async () => {
    const typed = new PreconditionFailed('ElastiCache cannot write to s3://bucket');
    await expect(
      explainEmulatorGap('ExportRedisSnapshot', GAP, async () => {
        throw typed;
      })({}),
    ).rejects.toBe(typed);
    await expect(explainEmulatorGap('ExportRedisSnapshot', GAP, async (i) => ({ got: i }))({ a: 1 })).resolves.toEqual({ got: { a: 1 } });
  });
});

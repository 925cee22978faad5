/** An error shaped like an AWS SDK v3 service exception, for aws-sdk-client-mock `.rejects(...)`. */
export const awsError = (name: string, message = name, o: { code?: string; httpStatusCode?: number } = {}) =>
  Object.assign(new Error(message), {
    name,
    ...(o.code ? { Code: o.code } : {}),
    $metadata: o.httpStatusCode ? { httpStatusCode: o.httpStatusCode } : {},
  });

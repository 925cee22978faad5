describe('polyfills', () => {
  it('provides Promise.withResolvers for aws-local-stepfunctions on Node.js 20', async () => {
    const { promise, resolve } = (Promise as any).withResolvers();
    resolve(42);
    await expect(promise).resolves.toBe(42);
  });
});

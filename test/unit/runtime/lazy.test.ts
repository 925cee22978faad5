import { lazy } from '../../../lambdas/runtime/lazy';

describe('lazy()', () => {
  it('makes the value once while its key stays the same', () => {
    let made = 0;
    let key = 'a';
    const get = lazy(
      (k: string) => ({ k, n: ++made }),
      () => key,
    );
    expect(made).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(made).toBe(1);
    key = 'b';
    const second = get();
    expect(second).toEqual({ k: 'b', n: 2 });
    expect(get()).toBe(second);
  });

  it('surfaces a failing make() at first use, and tries again on the next call', () => {
    let fail = true;
    const get = lazy(
      () => {
        if (fail) throw new Error('bad config');
        return 1;
      },
      () => 'k',
    );
    expect(get).toThrow('bad config');
    fail = false;
    expect(get()).toBe(1);
  });
});

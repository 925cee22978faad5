import { expectationProblem, qualifiedName, quoteQualified, sqlProblem } from '../../../../lambdas/domain/restore-test/check-spec';

describe('sqlProblem: one read-only statement', () => {
  it.each([
    'SELECT count(*) FROM public.users',
    'select max(updated_at) from chapters;',
    "WITH s AS (SELECT id FROM stories WHERE title = 'drop table; update') SELECT count(*) FROM s",
    'VALUES (1)',
    'TABLE public.users',
    '-- the newest\nSELECT 1 /* ok */',
    'SELECT $$insert$$ AS word',
    'SELECT "update" FROM t',
  ])('accepts %j', (sql) => {
    expect(sqlProblem(sql)).toBeUndefined();
  });

  it.each([
    ['', 'non-empty'],
    [42, 'non-empty'],
    ['DELETE FROM users', 'must start with SELECT'],
    ['SELECT 1; DROP TABLE users', 'ONE statement'],
    ['WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d', '"DELETE" is not allowed'],
    ['SELECT * FROM users FOR UPDATE', '"UPDATE" is not allowed'],
    ["SELECT 'open", 'string literal is not closed'],
    ['SELECT "open', 'quoted identifier is not closed'],
    ['SELECT 1 /* open', 'comment is not closed'],
    ['SELECT $a$ open', 'dollar-quoted string $a$ is not closed'],
    ['SELECT count(* FROM users', '"(" is not closed'],
    ['SELECT 1) FROM users', '")" has no matching "("'],
    ['SELECT', 'SELECT of nothing'],
    [`SELECT ${'x'.repeat(4001)}`, 'at most 4000'],
  ])('refuses %j (%s)', (sql, why) => {
    expect(sqlProblem(sql)).toContain(why);
  });
});

describe('expectationProblem', () => {
  it.each([{ minRows: 0 }, { minRows: 3 }, { equals: 'x' }, { equals: 5 }, { equals: false }, { maxAgeMinutes: 0.5 }])(
    'accepts %j',
    (e) => {
      expect(expectationProblem(e)).toBeUndefined();
    },
  );
  it.each([
    [{ atLeast: 1 }, 'unknown expectation "atLeast"; allowed: exactly one of {"minRows": ...}, {"equals": ...}, {"maxAgeMinutes": ...}'],
    [{ minRows: 1, equals: 1 }, 'has 2 expectations'],
    [{}, 'has 0 expectations'],
    [[], 'must be an object'],
    [null, 'must be an object'],
    [{ minRows: -1 }, 'minRows must be a whole number'],
    [{ minRows: 1.5 }, 'minRows must be a whole number'],
    [{ maxAgeMinutes: 0 }, 'maxAgeMinutes must be a number of minutes above 0'],
    [{ maxAgeMinutes: '5' }, 'maxAgeMinutes must be a number'],
    [{ equals: null }, 'equals must be a string, a number or a boolean'],
  ])('refuses %j', (e, why) => {
    expect(expectationProblem(e)).toContain(why);
  });
});

describe('qualified names', () => {
  it('splits and quotes valid identifiers only', () => {
    expect(qualifiedName('public.users', 2)).toEqual(['public', 'users']);
    expect(qualifiedName('public.chapters.updated_at', 3)).toEqual(['public', 'chapters', 'updated_at']);
    expect(qualifiedName('users', 2)).toBeUndefined();
    expect(qualifiedName('public.Users', 2)).toBeUndefined();
    expect(qualifiedName('public.users;drop', 2)).toBeUndefined();
    expect(quoteQualified('public', 'users')).toBe('"public"."users"');
  });
});

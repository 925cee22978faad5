/**
 * A small MueJam-like schema (users, stories, chapters, with timestamps) and its seed data, for
 * the local "production" database whose backups the restore test proves. Local only.
 */
/** node-postgres Client (or anything with the same query method). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export const MUEJAM_SCHEMA = `
CREATE TABLE IF NOT EXISTS public.users (
  id bigserial PRIMARY KEY,
  handle text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS public.stories (
  id bigserial PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES public.users(id),
  title text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS public.chapters (
  id bigserial PRIMARY KEY,
  story_id bigint NOT NULL REFERENCES public.stories(id),
  position int NOT NULL,
  body text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS chapters_story_idx ON public.chapters (story_id, position);
`;

export interface SeedSize {
  users: number;
  stories: number;
  chaptersPerStory: number;
}

export const SMALL: SeedSize = { users: 20, stories: 40, chaptersPerStory: 3 };

/** Creates the schema and rows; the newest chapter write is `newestWrite` (the data's recovery point). */
export async function seedMuejam(db: Queryable, size: SeedSize, newestWrite: Date): Promise<void> {
  await db.query(MUEJAM_SCHEMA);
  const newest = newestWrite.toISOString();
  await db.query(
    `INSERT INTO public.users (handle, created_at)
       SELECT 'reader' || g, $1::timestamptz - (g || ' hours')::interval FROM generate_series(1, $2::int) g`,
    [newest, size.users],
  );
  await db.query(
    `INSERT INTO public.stories (author_id, title, created_at)
       SELECT 1 + (g % $2::int), 'Story ' || g, $1::timestamptz - (g || ' minutes')::interval FROM generate_series(1, $3::int) g`,
    [newest, size.users, size.stories],
  );
  await db.query(
    `INSERT INTO public.chapters (story_id, position, body, updated_at)
       SELECT s, p, 'chapter ' || p || ' of story ' || s,
              $1::timestamptz - (((s - 1) * $2::int + ($2::int - p)) || ' seconds')::interval
         FROM generate_series(1, $3::int) s, generate_series(1, $2::int) p`,
    [newest, size.chaptersPerStory, size.stories],
  );
}

/** One more chapter written at `at` (the production database moves on between backups). */
export async function writeChapter(db: Queryable, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO public.chapters (story_id, position, body, updated_at) VALUES (1, 1000 + (SELECT count(*) FROM public.chapters), 'late chapter', $1)`,
    [at.toISOString()],
  );
}

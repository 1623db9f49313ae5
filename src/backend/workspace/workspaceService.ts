import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../api/errors';
import { Slug } from '../../api/lessonsApi';
import {
  BuilderDraft,
  LESSON_STATE_MAX_BYTES,
  LessonState,
  STACK_FILE_MAX_BYTES,
  StackName,
  type LessonProgress,
  type LessonStateInput,
  type Recovered,
  type SavedStackInfo,
} from '../../api/workspaceApi';
import { sweepTempFiles, writeFileAtomic, type AtomicWriteIO } from './atomicWrite';
import { KeyedQueue } from './keyedQueue';

const STACK_SUFFIX = '.stack.yaml';
const STATE_SUFFIX = '.json';

/**
 * The student's files under STRATA_HOME/workspace:
 *
 * ```
 * workspace/student.json            the student's seed for randomised exercises
 * workspace/lessons/SLUG.json       notebook state of one lesson
 * workspace/stacks/NAME.stack.yaml  stacks saved from the builder
 * workspace/builder.json            the Builder's stack as last edited (autosave)
 * ```
 *
 * Shipped lessons are never written: a lesson's edits live in its state file. Every write
 * is atomic and the writes of one file run one at a time, in order. A state file that
 * cannot be read is moved aside (`*.corrupt-TIMESTAMP`) and reported, never thrown.
 */
export class WorkspaceService {
  private readonly root: string;
  private readonly lessonsDir: string;
  private readonly stacksDir: string;
  private readonly queue = new KeyedQueue();
  private ready: Promise<void> | undefined;

  /**
   * @param home STRATA_HOME
   * @param io file operations of atomic writes (tests simulate crashes through it)
   */
  constructor(
    home: string,
    private readonly io?: AtomicWriteIO,
  ) {
    this.root = path.join(home, 'workspace');
    this.lessonsDir = path.join(this.root, 'lessons');
    this.stacksDir = path.join(this.root, 'stacks');
  }

  /** The student's seed, created once. */
  async student(): Promise<{ seed: string }> {
    await this.prepare();
    const file = path.join(this.root, 'student.json');
    return this.queue.run(file, async () => {
      const text = await readIfExists(file);
      if (text !== null) {
        try {
          const value = JSON.parse(text) as { seed?: unknown };
          if (typeof value.seed === 'string' && value.seed.length > 0) return { seed: value.seed };
        } catch {
          // Unreadable: fall through and write a new seed; only randomised values change.
        }
        await this.moveAside(file, 'not a valid student file');
      }
      const seed = randomUUID();
      await writeFileAtomic(file, JSON.stringify({ seed }) + '\n', this.io);
      return { seed };
    });
  }

  /** The saved state of a lesson, or an empty one when the student has not started it. */
  async getLessonState(slug: string): Promise<{ state: LessonState; recovered?: Recovered }> {
    const file = this.lessonFile(slug);
    await this.prepare();
    return this.queue.run(file, () => this.readLessonState(slug, file));
  }

  /** Replaces the saved state of a lesson. */
  async putLessonState(slug: string, input: LessonStateInput): Promise<{ state: LessonState }> {
    const file = this.lessonFile(slug);
    const state: LessonState = { slug, cells: input.cells, objectivesMet: [...new Set(input.objectivesMet)], updatedAt: Date.now() };
    const text = JSON.stringify(state) + '\n';
    if (Buffer.byteLength(text) > LESSON_STATE_MAX_BYTES) {
      throw new ApiError(
        'limit',
        `the saved state of ${slug} would take ${Math.ceil(Buffer.byteLength(text) / 1024)} KiB, ` +
          `above the ${LESSON_STATE_MAX_BYTES / 1024} KiB limit: clear some cell outputs`,
      );
    }
    await this.prepare();
    return this.queue.run(file, async () => {
      await writeFileAtomic(file, text, this.io);
      return { state };
    });
  }

  /** Forgets a lesson's state; false when there was none. */
  async resetLesson(slug: string): Promise<{ reset: boolean }> {
    const file = this.lessonFile(slug);
    await this.prepare();
    return this.queue.run(file, async () => {
      const existed = (await readIfExists(file)) !== null;
      await rm(file, { force: true });
      return { reset: existed };
    });
  }

  /** Objectives met per lesson started, in slug order; unreadable files are moved aside and listed. */
  async progress(): Promise<{ lessons: LessonProgress[]; recovered: Recovered[] }> {
    await this.prepare();
    const names = (await readdir(this.lessonsDir))
      .filter((n) => n.endsWith(STATE_SUFFIX) && !n.startsWith('.'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const lessons: LessonProgress[] = [];
    const recovered: Recovered[] = [];
    for (const name of names) {
      const slug = name.slice(0, -STATE_SUFFIX.length);
      if (!Slug.safeParse(slug).success) continue;
      const file = path.join(this.lessonsDir, name);
      const result = await this.queue.run(file, () => this.readLessonState(slug, file));
      if (result.recovered) recovered.push(result.recovered);
      else lessons.push({ slug, objectivesMet: result.state.objectivesMet, updatedAt: result.state.updatedAt });
    }
    return { lessons, recovered };
  }

  /** Saved stacks, by name. */
  async listStacks(): Promise<SavedStackInfo[]> {
    await this.prepare();
    const out: SavedStackInfo[] = [];
    for (const entry of await readdir(this.stacksDir)) {
      if (!entry.endsWith(STACK_SUFFIX) || entry.startsWith('.')) continue;
      const name = entry.slice(0, -STACK_SUFFIX.length);
      if (!StackName.safeParse(name).success) continue;
      try {
        const s = await stat(path.join(this.stacksDir, entry));
        if (s.isFile()) out.push({ name, sizeBytes: s.size, modifiedAt: Math.round(s.mtimeMs) });
      } catch {
        // Deleted while listing: leave it out.
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  }

  async readStack(name: string): Promise<{ name: string; text: string }> {
    const file = this.stackFile(name);
    await this.prepare();
    const text = await this.queue.run(file, () => readIfExists(file));
    if (text === null) throw new ApiError('not-found', `no saved stack named "${name}"`);
    return { name, text };
  }

  async writeStack(name: string, text: string, overwrite = true): Promise<SavedStackInfo> {
    const file = this.stackFile(name);
    if (Buffer.byteLength(text) > STACK_FILE_MAX_BYTES) throw new ApiError('limit', `a saved stack may take at most ${STACK_FILE_MAX_BYTES / 1024} KiB`);
    await this.prepare();
    return this.queue.run(file, async () => {
      if (!overwrite && (await readIfExists(file)) !== null) throw new ApiError('bad-request', `a stack named "${name}" already exists`);
      await writeFileAtomic(file, text, this.io);
      const s = await stat(file);
      return { name, sizeBytes: s.size, modifiedAt: Math.round(s.mtimeMs) };
    });
  }

  async deleteStack(name: string): Promise<{ deleted: boolean }> {
    const file = this.stackFile(name);
    await this.prepare();
    return this.queue.run(file, async () => {
      const existed = (await readIfExists(file)) !== null;
      await rm(file, { force: true });
      return { deleted: existed };
    });
  }

  async getBuilderDraft(): Promise<{ draft: BuilderDraft | null; recovered?: Recovered }> {
    await this.prepare();
    const file = this.builderDraftFile();
    return this.queue.run(file, async () => {
      const text = await readIfExists(file);
      if (text === null) return { draft: null };
      let reason: string;
      try {
        const parsed = BuilderDraft.safeParse(JSON.parse(text));
        if (parsed.success) return { draft: parsed.data };
        reason = `it does not hold a builder stack (${parsed.error.issues[0]?.message ?? 'invalid'})`;
      } catch (err) {
        reason = `it is not valid JSON (${(err as Error).message})`;
      }
      return { draft: null, recovered: await this.moveAside(file, reason, 'the Builder starts from a new stack') };
    });
  }

  async putBuilderDraft(draft: BuilderDraft): Promise<{ savedAt: number }> {
    if (Buffer.byteLength(draft.text) > STACK_FILE_MAX_BYTES)
      throw new ApiError('limit', `a builder stack may take at most ${STACK_FILE_MAX_BYTES / 1024} KiB`);
    await this.prepare();
    const file = this.builderDraftFile();
    return this.queue.run(file, async () => {
      await writeFileAtomic(file, JSON.stringify(draft), this.io);
      return { savedAt: Date.now() };
    });
  }

  /** Creates the folders once and clears temporary files a crashed write left behind. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.lessonsDir, { recursive: true, mode: 0o700 });
      await mkdir(this.stacksDir, { recursive: true, mode: 0o700 });
      for (const dir of [this.root, this.lessonsDir, this.stacksDir]) await sweepTempFiles(dir);
    })().catch((err: unknown) => {
      this.ready = undefined;
      throw new ApiError('unavailable', `cannot prepare the workspace in ${this.root}: ${(err as Error).message}`);
    });
    return this.ready;
  }

  private async readLessonState(slug: string, file: string): Promise<{ state: LessonState; recovered?: Recovered }> {
    const empty: LessonState = { slug, cells: {}, objectivesMet: [], updatedAt: 0 };
    const text = await readIfExists(file);
    if (text === null) return { state: empty };
    let reason: string;
    try {
      const parsed = LessonState.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.slug === slug) return { state: parsed.data };
      reason = parsed.success
        ? `it belongs to lesson ${parsed.data.slug}`
        : `it does not hold a lesson state (${parsed.error.issues[0]?.message ?? 'invalid'})`;
    } catch (err) {
      reason = `it is not valid JSON (${(err as Error).message})`;
    }
    return { state: empty, recovered: await this.moveAside(file, reason) };
  }

  /** Renames an unreadable file out of the way so the student can go on; keeps it for inspection. */
  private async moveAside(file: string, reason: string, then = 'the lesson starts afresh'): Promise<Recovered> {
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, movedTo);
    return { movedTo, reason: `${path.basename(file)} could not be read: ${reason}; it was moved aside and ${then}` };
  }

  private builderDraftFile(): string {
    return path.join(this.root, 'builder.json');
  }

  private lessonFile(slug: string): string {
    if (!Slug.safeParse(slug).success) throw new ApiError('bad-request', `"${slug}" is not a lesson slug`);
    return this.inside(this.lessonsDir, `${slug}${STATE_SUFFIX}`);
  }

  private stackFile(name: string): string {
    if (!StackName.safeParse(name).success) throw new ApiError('bad-request', `"${name}" is not a valid stack name`);
    return this.inside(this.stacksDir, `${name}${STACK_SUFFIX}`);
  }

  /** The schemas already refuse separators and `..`; this holds even if they are loosened. */
  private inside(dir: string, fileName: string): string {
    const file = path.resolve(dir, fileName);
    if (path.dirname(file) !== path.resolve(dir)) throw new ApiError('bad-request', `"${fileName}" would leave the workspace`);
    return file;
  }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

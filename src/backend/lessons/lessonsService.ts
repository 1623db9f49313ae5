import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LessonSource, LessonSummary } from '../../api/lessonsApi';
import { ApiError } from '../../api/errors';
import { parseFrontMatter } from '../../core/lesson/frontMatter';

const LESSON_FILE = /^(\d+-[a-z0-9-]+)\.md$/;

/** Reads the shipped course from disk. Only the backend touches lesson files. */
export class LessonsService {
  constructor(private readonly lessonsDir: string) {}

  /** Every lesson file in order; one that cannot be read or parsed is listed as an error entry. */
  async list(): Promise<LessonSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.lessonsDir);
    } catch (err) {
      throw new ApiError('unavailable', `cannot read the lessons folder ${this.lessonsDir}: ${(err as Error).message}`);
    }
    const files = names.filter((n) => LESSON_FILE.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return Promise.all(files.map((name) => this.summarize(name)));
  }

  async get(slug: string): Promise<LessonSource> {
    const file = `${slug}.md`;
    if (!LESSON_FILE.test(file)) throw new ApiError('not-found', `no lesson named "${slug}"`);
    try {
      const text = await readFile(path.join(this.lessonsDir, file), 'utf8');
      return { slug, file: `lessons/${file}`, text };
    } catch (err) {
      throw new ApiError('not-found', `cannot read lessons/${file}: ${(err as Error).message}`);
    }
  }

  private async summarize(name: string): Promise<LessonSummary> {
    const slug = name.replace(/\.md$/, '');
    const file = `lessons/${name}`;
    let text: string;
    try {
      text = await readFile(path.join(this.lessonsDir, name), 'utf8');
    } catch (err) {
      return { status: 'error', slug, file, error: `cannot read ${file}: ${(err as Error).message}` };
    }
    const fm = parseFrontMatter(text);
    if (!fm.value) {
      const first = fm.errors[0];
      return { status: 'error', slug, file, error: first ? `${file}:${first.line}:${first.column}: ${first.message}` : `${file}: invalid front matter` };
    }
    return { status: 'ok', slug, file, title: fm.value.title, duration: fm.value.duration, objectives: fm.value.objectives };
  }
}

import { useEffect, useMemo, useState } from 'react';
import type { LessonSource } from '../../../api/lessonsApi';
import { parseLesson, type ParsedLesson } from '../../../core/lesson';
import { useStrata } from '../../store/store';

/** The lesson file from the backend, parsed into the notebook model with its diagnostics. */
export function useLessonSource(slug: string): { parsed: ParsedLesson | null; file: string; error: string | null } {
  const api = useStrata((s) => s.api);
  const [source, setSource] = useState<LessonSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    api.call('lessons.get', { slug }).then(
      (s) => !cancelled && setSource(s),
      (err: Error) => !cancelled && setError(err.message),
    );
    return () => {
      cancelled = true;
    };
  }, [api, slug]);
  const parsed = useMemo(() => (source ? parseLesson(source.text, source.file) : null), [source]);
  return { parsed, file: source?.file ?? slug, error };
}

import { useEffect, useMemo, useState } from 'react';
import type { LessonSource } from '../../../api/lessonsApi';
import { readLesson, type Diagnostic, type ParsedLesson } from '../../../core/lesson';
import { checkClient } from '../check/checkClient';
import { useStrata } from '../../store/store';

/** The lesson file from the backend, parsed into the notebook model with its diagnostics (the stack rules' once the check worker answers). */
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
  // Read at once on the page's thread; every diagnostic, the stack rules' on the cells
  // included, comes from the check worker, as checking a stack can take seconds.
  const read = useMemo(() => (source ? readLesson(source.text, source.file) : null), [source]);
  const [checked, setChecked] = useState<{ source: LessonSource; diagnostics: Diagnostic[] } | null>(null);
  useEffect(() => {
    if (!source) return;
    let current = true;
    void checkClient()
      .lessonDiagnostics(source.text, source.file)
      .then((diagnostics) => {
        if (current) setChecked({ source, diagnostics });
      });
    return () => {
      current = false;
    };
  }, [source]);
  const parsed = useMemo(() => (read && checked?.source === source ? { ...read, diagnostics: checked.diagnostics } : read), [read, checked, source]);
  return { parsed, file: source?.file ?? slug, error };
}

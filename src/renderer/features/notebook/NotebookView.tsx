import { useEffect, useState } from 'react';
import type { LessonSource } from '../../../api/lessonsApi';
import { useStrata } from '../../store/store';

/** A lesson notebook. */
export function NotebookView({ slug }: { slug: string }) {
  const api = useStrata((s) => s.api);
  const [source, setSource] = useState<LessonSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    api.call('lessons.get', { slug }).then(setSource, (err: Error) => setError(err.message));
  }, [api, slug]);
  if (error) return <div className="view-error">{error}</div>;
  if (!source) return <div className="view-loading">Loading {slug}…</div>;
  return (
    <article className="notebook">
      <pre className="notebook-source">{source.text}</pre>
    </article>
  );
}

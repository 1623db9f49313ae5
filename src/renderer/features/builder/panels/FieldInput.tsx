import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { fieldInputHint, parseFieldInput, type FieldSpec } from '../model/layerFields';
import { onPageLeave } from '../../shell/pageLeave';

/** Quiet time after the last key before what is typed goes into the stack (and from there into its autosave). */
export const TYPING_COMMIT_MS = 400;

/**
 * One field of the properties panel. Text and numbers are committed as the student types
 * (once the keys pause), on Enter, when the field loses focus, and when the page is hidden
 * or goes away, so what was typed is saved with the stack as in an editor, never lost to a
 * reload; selects and checkboxes commit at once. All that is typed between getting and
 * losing the focus is one undo step. Escape puts back the value the field had when it got
 * the focus. An unacceptable value is shown as such, with what to type
 * instead, and not committed; so is one that `refuse` gives a reason against.
 */
export function FieldInput({
  spec,
  value,
  placeholder,
  disabled,
  refuse,
  onCommit,
}: {
  spec: FieldSpec;
  value: unknown;
  placeholder?: string;
  disabled?: boolean;
  /** Why a value the field would take cannot be committed (a name another layer holds), or null. */
  refuse?: (value: unknown) => string | null;
  /** `again` when the field already committed since it got the focus: one undo step then takes back the whole edit. */
  onCommit: (value: unknown, again: boolean) => void;
}) {
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  // A value changed from outside (undo, the YAML, the stack's first analysis arriving while
  // the Builder opens) replaces what the field holds, unless the student has typed into it
  // since: their keys are kept, not overwritten by a value that arrived meanwhile.
  const [base, setBase] = useState(shown);
  if (shown !== base) {
    setBase(shown);
    if (draft === base) setDraft(shown);
  }
  // Unique per panel: a page can show several builders (the Builder view and each stack cell's).
  const id = `${useId()}-${spec.key}`;
  const parsed = parseFieldInput(spec, draft);
  const problem = draft === shown ? null : parsed === null ? fieldInputHint(spec, draft) : (refuse?.(parsed) ?? null);

  const committedSinceFocus = useRef(false);
  const commit = (text: string): void => {
    const next = parseFieldInput(spec, text);
    if (next === null || text === shown || next === value || refuse?.(next)) return;
    onCommit(next, committedSinceFocus.current);
    committedSinceFocus.current = true;
  };
  // The timer and the page's listeners commit what the field holds when they fire, not when they were set.
  const pending = useRef<{ text: string; commit: (text: string) => void } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitPending = useCallback((): void => {
    clearTimeout(timer.current);
    const typed = pending.current;
    pending.current = null;
    typed?.commit(typed.text);
  }, []);
  const type = (text: string): void => {
    setDraft(text);
    pending.current = { text, commit };
    clearTimeout(timer.current);
    timer.current = setTimeout(commitPending, TYPING_COMMIT_MS);
  };
  const focusedValue = useRef(shown);
  useEffect(() => {
    // Capturing: before the listeners that then save the stack (the Builder's draft, a lesson's state).
    const stop = onPageLeave(commitPending, { capture: true });
    return () => {
      stop();
      commitPending();
    };
  }, [commitPending]);

  let control;
  if (spec.type === 'boolean') {
    control = <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onCommit(e.target.checked, false)} />;
  } else if (spec.type === 'select') {
    control = (
      <select
        id={id}
        value={shown}
        disabled={disabled}
        onChange={(e) => {
          // Each choice is a step of its own.
          committedSinceFocus.current = false;
          commit(e.target.value);
        }}
      >
        {spec.optional && <option value="">{placeholder ?? 'default'}</option>}
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        type="text"
        inputMode={spec.type === 'number' ? 'decimal' : undefined}
        value={draft}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => type(e.target.value)}
        onFocus={() => {
          focusedValue.current = shown;
          committedSinceFocus.current = false;
        }}
        onBlur={commitPending}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitPending();
          if (e.key === 'Escape') {
            clearTimeout(timer.current);
            pending.current = null;
            setDraft(focusedValue.current);
            commit(focusedValue.current);
          }
        }}
      />
    );
  }
  return (
    <div className={`field${spec.type === 'boolean' ? ' field-check' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      {control}
      {'unit' in spec && spec.unit && <span className="field-unit">{spec.unit}</span>}
      {problem && (
        <span className="field-problem" id={`${id}-problem`} role="status">
          {problem}
        </span>
      )}
    </div>
  );
}

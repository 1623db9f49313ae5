import { useId, useState } from 'react';
import { parseFieldInput, type FieldSpec } from '../model/layerFields';

/**
 * One field of the properties panel. Text and numbers are committed on Enter or when the
 * field loses focus, so a half-typed value never reaches the stack; selects and
 * checkboxes commit at once. An unacceptable value is shown as such and not committed.
 */
export function FieldInput({
  spec,
  value,
  placeholder,
  disabled,
  onCommit,
}: {
  spec: FieldSpec;
  value: unknown;
  placeholder?: string;
  disabled?: boolean;
  onCommit: (value: unknown) => void;
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
  const invalid = parseFieldInput(spec, draft) === null;

  const commit = (text: string): void => {
    const parsed = parseFieldInput(spec, text);
    if (parsed === null || text === shown) return;
    onCommit(parsed);
  };

  let control;
  if (spec.type === 'boolean') {
    control = <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onCommit(e.target.checked)} />;
  } else if (spec.type === 'select') {
    control = (
      <select id={id} value={shown} disabled={disabled} onChange={(e) => commit(e.target.value)}>
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
        aria-invalid={invalid}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(draft);
          if (e.key === 'Escape') setDraft(shown);
        }}
      />
    );
  }
  return (
    <div className={`field${spec.type === 'boolean' ? ' field-check' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      {control}
      {'unit' in spec && spec.unit && <span className="field-unit">{spec.unit}</span>}
    </div>
  );
}

// The filter drop-down every view uses: an optional "any" entry (the empty value), then the choices.

export interface Choice {
  value: string;
  label: string;
}

export interface ChoiceSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly Choice[];
  /** Label of the empty value ("Any method", "Every PBX"); none when a choice is required. */
  anyLabel?: string;
  testId?: string;
}

export function ChoiceSelect({ label, value, onChange, choices, anyLabel, testId }: ChoiceSelectProps) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** Choices whose label is the value itself. */
export function plainChoices(values: readonly string[]): Choice[] {
  return values.map((v) => ({ value: v, label: v }));
}

/** Every configured PBX, by name. */
export function pbxChoices(connections: readonly { id: string; name: string }[]): Choice[] {
  return connections.map((c) => ({ value: c.id, label: c.name }));
}

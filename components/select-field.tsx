type Option = string | { value: string; label: string };

type Props = {
  id: string;
  label: string;
  options: readonly Option[];
  /** A first option with the empty value ("any", "none"…). */
  emptyOption?: string;
  /** Controlled (client) or, with defaultValue and name, a plain form field (server). */
  value?: string;
  defaultValue?: string;
  name?: string;
  disabled?: boolean;
  onChange?: (value: string) => void;
};

/** A labelled select, for the dashboard's filters and pickers. */
export function SelectField({
  id,
  label,
  options,
  emptyOption,
  value,
  defaultValue,
  name,
  disabled,
  onChange,
}: Props) {
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        defaultValue={defaultValue}
        disabled={disabled}
        onChange={onChange && ((event) => onChange(event.target.value))}
      >
        {emptyOption !== undefined && <option value="">{emptyOption}</option>}
        {options.map((option) => {
          const { value: optionValue, label: optionLabel } =
            typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
    </div>
  );
}

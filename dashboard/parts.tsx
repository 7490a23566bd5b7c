// Pieces the settings panels share: a titled panel, an add form, a choice among the hall's zones,
// counters or devices (with an empty "none" first), and the zh/en pair of inputs for a text the public
// sees (Chinese required, English optional: an empty English field removes it).
import type { ComponentChildren } from 'preact';

export function Panel({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ComponentChildren }) {
  return (
    <section class="panel" id={id} data-testid={id}>
      <h2>
        {title}
        {hint ? <span class="muted small-note">{hint}</span> : null}
      </h2>
      {children}
    </section>
  );
}

/** A one-line form that adds something; Enter submits it. */
export function AddForm({ testid, title, onSubmit, children }: { testid: string; title?: string; onSubmit: () => void; children: ComponentChildren }) {
  return (
    <form
      class="add-form"
      data-testid={testid}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {title ? <strong>{title}</strong> : null}
      {children}
    </form>
  );
}

type LocalText = { zh: string; en?: string };

/** Two table cells editing a {zh, en?} text in place; `edit` runs the change on the draft's copy. */
export function LocalTextCells({ text, testid, testidEn, edit, zhClass }: { text: LocalText; testid: string; testidEn: string; edit: (change: (text: LocalText) => void) => void; zhClass?: string }) {
  return (
    <>
      <td class={zhClass}>
        <input value={text.zh} data-testid={testid} onInput={(e) => edit((x) => void (x.zh = e.currentTarget.value))} />
      </td>
      <td>
        <input
          value={text.en ?? ''}
          data-testid={testidEn}
          onInput={(e) =>
            edit((x) => {
              const v = e.currentTarget.value;
              if (v) x.en = v;
              else delete x.en;
            })
          }
        />
      </td>
    </>
  );
}

/** A select of `options` with an empty choice first (`none`); `onChange` gets '' for it. */
export function Choice({ value, none, options, testid, label, onChange }: { value: string; none: string; options: Array<{ value: string; label: string }>; testid: string; label?: string; onChange: (value: string) => void }) {
  return (
    <select value={value} aria-label={label} data-testid={testid} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{none}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

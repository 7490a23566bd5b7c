// Pieces the settings panels share: how they edit the draft, a titled panel, an add form, a choice among
// the hall's zones, counters or devices (with an empty "none" first), and the zh/en pair of columns for
// a text the public sees (Chinese required, English optional: an empty English field removes it).
import type { ComponentChildren } from 'preact';
import type { HallConfig } from '../hub/config/schema.js';
import { ApiError } from '../ui/api.js';
import type { Column } from '../ui/data-table.js';
import { pick, pickOr } from '../ui/i18n.js';
import { counterWords } from '../shared/vocabulary.js';

/** Edits the settings draft (saved later with PUT /api/config). */
export type Edit = (fn: (d: HallConfig) => void) => void;
/** After a change the hub made at once: reload the config and bring the new entry into the draft. */
export type ServerChanged = (patch?: (draft: HallConfig, fresh: HallConfig) => void) => Promise<void>;

/** A counter's name in the page's language: its configured name, else "1号窗口" / "Counter 1" (a Chinese-only name is not shown in English). */
export const counterName = (k: { id: string; name?: { zh: string; en?: string } | undefined }) => pickOr(k.name, pick(counterWords(k.id)));

/** What was typed: a number when it is one, else the text itself, for the hub to refuse with its own message. */
export const typed = (v: string): number => (v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : (v as unknown as number));

/** A failed request as the panel says it: the hub's message with its code. */
export const failure = (e: unknown) => (e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));

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

/**
 * The two columns of a {zh, en?} text edited in place (a data table's columns, ui/data-table.tsx): the
 * Chinese and the English each in a column of its own, so neither language shares a cell. `edit` runs
 * the change on the draft's copy of the row's text.
 */
export function localTextColumns<T>(options: {
  headers: [ComponentChildren, ComponentChildren];
  text: (row: T) => LocalText;
  testid: (row: T) => string;
  testidEn: (row: T) => string;
  edit: (row: T, index: number, change: (text: LocalText) => void) => void;
  zhClass?: string;
}): [Column<T>, Column<T>] {
  const { headers, text, testid, testidEn, edit, zhClass } = options;
  return [
    {
      header: headers[0],
      ...(zhClass ? { class: zhClass } : {}),
      cell: (row, i) => <input value={text(row).zh} data-testid={testid(row)} onInput={(e) => edit(row, i, (x) => void (x.zh = e.currentTarget.value))} />,
    },
    {
      header: headers[1],
      cell: (row, i) => (
        <input
          value={text(row).en ?? ''}
          lang="en"
          data-testid={testidEn(row)}
          onInput={(e) =>
            edit(row, i, (x) => {
              const v = e.currentTarget.value;
              if (v) x.en = v;
              else delete x.en;
            })
          }
        />
      ),
    },
  ];
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

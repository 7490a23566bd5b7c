// A page's words: one catalogue per language, the same keys in each (the type checks it), and one
// translator that fills `{name}` placeholders. Chinese is the catalogue the others are checked against;
// a third language (藏文, 维吾尔文 in some halls) is one more catalogue, not an edit to every entry.
// The placeholders are typed: `t('waiting', { n: 3 })` must name `n`, `t('title')` takes none.
import type { Words } from '../shared/vocabulary.js';
import { lang, type Lang } from './lang.js';

export type { Words };

export type Catalogue = Readonly<Record<string, string>>;

/** The placeholder names of a template: '{n} 人，{min} 分' → 'n' | 'min'. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

type Value = string | number;

/** Whether a text's type is written out in full (not `string`, not a template with `${string}` holes). */
type Known<S extends string> = {} extends Record<S, 1> ? false : true;

/**
 * What a key asks for: nothing, the values its Chinese and English name, or (a text built from shared
 * words, whose placeholders the type cannot see) any values.
 */
type Args<Z extends string, E extends string> = [Known<Z>, Known<E>] extends [true, true]
  ? [Placeholders<Z | E>] extends [never]
    ? [params?: Record<string, never>]
    : [params: Record<Placeholders<Z | E>, Value>]
  : [params?: Record<string, Value>];

/** A key of a union type (`t(reason.key)`): its entries may ask for different values, so none is required. */
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

type Same<Z> = { readonly [K in keyof Z]: string };

export interface Translate<Z extends Catalogue, E extends Same<Z> = Same<Z>> {
  <K extends keyof Z & string>(key: K, ...params: true extends IsUnion<K> ? [params?: Record<string, Value>] : Args<Z[K] & string, E[K] & string>): string;
  /** The catalogues, for a page that lists its keys or hands them on. */
  readonly words: { readonly zh: Z; readonly en: E };
}

/** `{n}` → params.n; a placeholder with no value stays as written, so a missing value shows rather than vanishes. */
export function fill(template: string, params: Readonly<Record<string, Value>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (params[k] === undefined ? whole : String(params[k])));
}

/** A page's translator over its catalogues, in the page's current language (ui/lang.ts). */
export function defineWords<const Z extends Catalogue, const E extends Same<Z>>(words: { zh: Z; en: E & Record<Exclude<keyof E, keyof Z>, never> }): Translate<Z, E> {
  const t = (key: string, params?: Record<string, Value>): string => {
    const table: Record<string, string | undefined> = words[lang()];
    return fill(table[key] ?? key, params);
  };
  return Object.assign(t, { words }) as unknown as Translate<Z, E>;
}

/**
 * Shared words (shared/vocabulary.ts) as a catalogue's entries, keys optionally prefixed:
 * `...zhOf(PRIORITY_MARK, 'priority_')` gives `priority_green: '绿色通道'`, … in the Chinese catalogue.
 */
export function zhOf<K extends string, P extends string = ''>(words: Readonly<Record<K, Words>>, prefix = '' as P): Record<`${P}${K}`, string> {
  return side(words, prefix, 'zh');
}

export function enOf<K extends string, P extends string = ''>(words: Readonly<Record<K, Words>>, prefix = '' as P): Record<`${P}${K}`, string> {
  return side(words, prefix, 'en');
}

function side<K extends string, P extends string>(words: Readonly<Record<K, Words>>, prefix: P, l: Lang): Record<`${P}${K}`, string> {
  return Object.fromEntries(Object.entries<Words>(words).map(([k, w]) => [prefix + k, w[l]])) as Record<`${P}${K}`, string>;
}

/** An attribute value: `true` sets an empty attribute, `false`/`null`/`undefined` leave it out. */
export type AttributeValue = string | number | boolean | null | undefined;

/** What {@link h} accepts as children; falsy values are skipped. */
export type Child = Node | string | number | false | null | undefined;

/**
 * Creates an element with attributes and children — a tiny stand-in for a template library.
 *
 * @example
 * h('button', { type: 'button', 'data-action': 'add-to-cart' }, 'Add to cart')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, AttributeValue>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createHTML: (input: string) => string }): { createHTML(input: string): unknown };
}

// Under a Trusted Types CSP, markup needs a policy; this one only ever sees our own static art.
const artPolicy = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes?.createPolicy('shop-art', {
  createHTML: (input) => input,
});

/** Wraps trusted, static SVG markup (our own product art and icons) in a `<span>`. */
export function svg(markup: string, className: string): HTMLSpanElement {
  const wrapper = h('span', { class: className });
  wrapper.innerHTML = (artPolicy ? artPolicy.createHTML(markup) : markup) as string;
  return wrapper;
}

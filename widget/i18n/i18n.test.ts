import { expect, fixture, html } from '@open-wc/testing';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { format, hasLocale, LAUNCHER_STRINGS, loadLocale, resolveLocale, stringsFor } from './index.js';

const BUNDLES = { en, de, fr };

describe('widget strings', () => {
  it('has the same keys, all non-empty, in every bundle; the launcher table agrees with them', () => {
    const keys = Object.keys(BUNDLES.en).sort();
    for (const [locale, bundle] of Object.entries(BUNDLES)) {
      expect(Object.keys(bundle).sort(), locale).to.deep.equal(keys);
      for (const [key, value] of Object.entries(bundle)) expect(value.trim(), `${locale}.${key}`).to.not.equal('');
      const launcher = LAUNCHER_STRINGS[locale as keyof typeof LAUNCHER_STRINGS];
      expect({ openChat: bundle.openChat, closeChat: bundle.closeChat, loading: bundle.loading }).to.deep.equal(
        launcher,
      );
    }
    // The same placeholders in every language, so format() fills them all.
    const slots = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of keys as Array<keyof typeof BUNDLES.en>) {
      expect(slots(BUNDLES.de[key]), `de.${key}`).to.deep.equal(slots(BUNDLES.en[key]));
      expect(slots(BUNDLES.fr[key]), `fr.${key}`).to.deep.equal(slots(BUNDLES.en[key]));
    }
  });

  it('picks the language from the element, its ancestors or <html lang>, reduced to the primary subtag', async () => {
    const html_ = document.documentElement;
    const before = html_.lang;
    try {
      const tree = await fixture<HTMLDivElement>(
        html`<div lang="fr-CA"><span id="inner"></span><span id="own" lang="DE"></span></div>`,
      );
      expect(resolveLocale(tree.querySelector('#inner')!)).to.equal('fr');
      expect(resolveLocale(tree.querySelector('#own')!)).to.equal('de');
      const loose = document.createElement('span');
      document.body.append(loose);
      html_.lang = 'de-CH';
      expect(resolveLocale(loose)).to.equal('de');
      html_.lang = 'pt-BR';
      expect(resolveLocale(loose)).to.equal('en');
      html_.removeAttribute('lang');
      expect(resolveLocale(loose)).to.equal('en');
      loose.remove();
    } finally {
      html_.lang = before;
    }
  });

  it('gives English until a language is loaded, then that language', async () => {
    expect(stringsFor('fr').send).to.equal(en.send);
    await loadLocale('fr');
    expect(hasLocale('fr')).to.equal(true);
    expect(stringsFor('fr')).to.deep.equal(fr);
  });

  it('lets the page override single strings; empty overrides are ignored', async () => {
    await loadLocale('de');
    const strings = stringsFor('de', { send: 'Los', stop: '' });
    expect(strings.send).to.equal('Los');
    expect(strings.stop).to.equal('Stopp');
    expect(strings.retry).to.equal('Erneut versuchen');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Tool {tool}: {status}', { tool: 'search', status: 'Done' })).to.equal('Tool search: Done');
    expect(format('{ms} ms {other}', { ms: 12 })).to.equal('12 ms {other}');
  });
});

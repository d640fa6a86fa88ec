import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support';
import german from 'lunr-languages/lunr.de';
import type { Lang } from '../kb/types';

/**
 * Splits on white space and on the punctuation of log lines, paths and config keys
 * ("nova.virt.libvirt.imagecache", "/var/lib/nova", "key=value"); underscores stay, so
 * "vlan_interface" remains one word.
 */
const SEPARATOR = /[\s\-/\\=:,;.()[\]{}<>"'|`@#?!&*+%$~^]+/;

/** ä→ae, ö→oe, ü→ue, ß→ss: "Größe" and "Groesse" become the same word. */
export function foldGerman(word: string): string {
  return word.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

let ready = false;

/** lunr with German support and our pipeline functions registered (needed before Index.load). */
export function setupLunr(): typeof lunr {
  if (ready) return lunr;
  stemmerSupport(lunr);
  german(lunr);
  lunr.tokenizer.separator = SEPARATOR;
  lunr.Pipeline.registerFunction(foldToken, 'stacktales-fold');
  ready = true;
  return lunr;
}

const foldToken: lunr.PipelineFunction = (token) => token.update((s) => foldGerman(s));

type LunrWithDe = typeof lunr & { de: { trimmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction; stemmer: lunr.PipelineFunction } };

/**
 * The analysis chain of one language, used for indexing and for queries alike.
 * Folding runs before stemming so that both spellings of an umlaut reach the stemmer
 * identically; stop words are dropped before folding because the list has umlauts.
 */
export function pipelineFor(lang: Lang): lunr.PipelineFunction[] {
  const l = setupLunr() as LunrWithDe;
  return lang === 'de'
    ? [l.de.trimmer, l.de.stopWordFilter, foldToken, l.de.stemmer]
    : [l.trimmer, l.stopWordFilter, foldToken, l.stemmer];
}

/** Terms of a text as the index of that language stores them. */
export function analyze(text: string, lang: Lang): string[] {
  const l = setupLunr();
  const pipeline = new l.Pipeline();
  pipeline.add(...pipelineFor(lang));
  return pipeline.run(l.tokenizer(text)).map((t) => t.toString());
}

import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let nlp: WinkMethods | null = null;
let lexicon = 0;

/**
 * wink-nlp with its English model (pinned, shipped in npm: nothing is downloaded), made on first
 * use and shared by the coder, the sentiment scorer and the phrase extractor of a process.
 */
export function english(): WinkMethods {
  if (nlp) return nlp;
  nlp = winkNLP(model);
  // Read first, before any answer: every word read later that the model does not know gets a higher id.
  lexicon = nlp
    .readDoc('qzxjqv')
    .tokens()
    .out(nlp.its.uniqueId as never)[0] as unknown as number;
  return nlp;
}

/** Token ids below this are words of the model's own English lexicon. */
export function lexiconSize(): number {
  english();
  return lexicon;
}

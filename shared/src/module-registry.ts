/**
 * The modules of one concept (indicator kinds, dimensions), each named by a code. Every place
 * that needs the concept asks its registry instead of keeping its own list, so adding one is
 * writing a module and listing it once. `register` returns the function that takes the module
 * out again: tests register throwaway modules to prove every place picks them up.
 */
export class ModuleRegistry<M extends { readonly code: string }> {
  private readonly modules = new Map<string, M>();
  private ordered: readonly M[] | null = null;

  constructor(
    private readonly concept: string,
    builtIn: readonly M[],
    private readonly order: (a: M, b: M) => number = () => 0,
  ) {
    for (const entry of builtIn) this.register(entry);
  }

  register(entry: M): () => void {
    if (this.modules.has(entry.code)) throw new Error(`${this.concept} ${entry.code} is registered twice`);
    this.modules.set(entry.code, entry);
    this.ordered = null;
    return () => {
      if (this.modules.get(entry.code) === entry) this.modules.delete(entry.code);
      this.ordered = null;
    };
  }

  get(code: string): M | undefined {
    return this.modules.get(code);
  }

  has(code: unknown): boolean {
    return typeof code === 'string' && this.modules.has(code);
  }

  /** The module of a code the caller has checked already; an unknown code here is a bug, not bad input. */
  require(code: string): M {
    const entry = this.modules.get(code);
    if (!entry) throw new Error(`no ${this.concept} ${code} is registered`);
    return entry;
  }

  /** Every module, in the concept's order (stable: registration order breaks ties). */
  all(): readonly M[] {
    this.ordered ??= [...this.modules.values()].sort(this.order);
    return this.ordered;
  }

  codes(): string[] {
    return this.all().map((m) => m.code);
  }
}

/** "A, B or C": how messages list the codes of a registry. */
export function listOf(codes: readonly string[], conjunction = 'or'): string {
  return codes.length < 2 ? codes.join('') : `${codes.slice(0, -1).join(', ')} ${conjunction} ${codes[codes.length - 1]}`;
}

/**
 * Is a 0/1 vector in the row space of a set of 0/1 vectors? Gaussian elimination modulo a prime
 * below 2^26, so products stay exact in doubles. A vector in the rational span is in the span
 * modulo p unless p divides a denominator of the combination, which for these sizes does not
 * happen; the other way round errs towards suppressing more.
 */
const P = 67_108_859;

function inverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a % P];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return ((t % P) + P) % P;
}

const mulmod = (a: number, b: number) => {
  // a, b < 2^26: a*b < 2^52 is exact in a double.
  return (a * b) % P;
};

export class RowSpace {
  /** Echelon rows by pivot column; each row is normalised to 1 at its pivot. */
  private readonly rows = new Map<number, Float64Array>();

  constructor(private readonly width: number) {}

  clone(): RowSpace {
    const copy = new RowSpace(this.width);
    for (const [pivot, row] of this.rows) copy.rows.set(pivot, row);
    return copy;
  }

  private reduce(vector: Float64Array): number {
    // Returns the first non-zero column after reducing by the basis, or -1.
    for (let column = 0; column < this.width; column++) {
      const value = vector[column];
      if (value === 0) continue;
      const row = this.rows.get(column);
      if (!row) return column;
      for (let j = column; j < this.width; j++) {
        if (row[j] !== 0) vector[j] = (vector[j] - mulmod(value, row[j]) + P) % P;
      }
    }
    return -1;
  }

  /** Adds a row given as the indices of its 1s. */
  add(ones: readonly number[]): void {
    if (!ones.length) return;
    const vector = new Float64Array(this.width);
    for (const i of ones) vector[i] = 1;
    const pivot = this.reduce(vector);
    if (pivot < 0) return;
    const scale = inverse(vector[pivot]);
    for (let j = pivot; j < this.width; j++) if (vector[j] !== 0) vector[j] = mulmod(vector[j], scale);
    this.rows.set(pivot, vector);
  }

  /** Whether the vector with 1s at `ones` is a combination of the rows (an empty one always is). */
  contains(ones: readonly number[]): boolean {
    const vector = new Float64Array(this.width);
    for (const i of ones) vector[i] = 1;
    return this.reduce(vector) < 0;
  }
}

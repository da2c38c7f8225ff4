/**
 * A dimension network figures can be disaggregated by, as one module: everything the partners,
 * the gateway and the GraphQL schemas need to know about it. The list of modules is
 * `dimensionDescriptors` (./registry.ts); nothing else keeps a list of dimensions.
 */
export interface DimensionDescriptor<Code extends string = string> {
  readonly code: Code;
  /** What it means, in a few words, for people reading docs and messages. */
  readonly label: string;
  /**
   * Its place in cell keys ("PARTNER=a|SEX=FEMALE") and in `Aggregate.dimensions`, which every
   * partner builds on its own and the fan-out merges by: a number given when the dimension is
   * published and never changed (a new dimension takes a number of its own, between or after
   * the others). So partners running different versions agree on the order of the dimensions
   * they share, and no list position travels on the wire. A test keeps the numbers fixed.
   */
  readonly order: number;
  /**
   * Only the backbone may disaggregate by it: it is outside the cube that disclosure control
   * protects for funders and partner staff (open-ended or fine-grained values).
   */
  readonly backboneOnly: boolean;
  /**
   * Its value for one participation record, as SQL over the contract's `participant` columns
   * (alias `p`): fixed text, never user input. Partners select it as is.
   */
  sql(context: DimensionSqlContext): string;
  /** The same value computed from the contract's fields in JavaScript; a test holds the two equal on a real PostgreSQL. */
  of(record: ContractRecord): string;
}

export interface DimensionSqlContext {
  /** Binds the answering partner's id as a statement parameter; returns its placeholder (e.g. `$3::text`). */
  partnerId(): string;
}

/** A participation record as the contract defines it, for the JavaScript side of a dimension. */
export interface ContractRecord {
  partnerId: string;
  sex: string;
  raceEthnicity: readonly string[] | null;
  birthYear: number | null;
  /** YYYY-MM-DD */
  enrolledOn: string;
  countyFips: string | null;
  programType: string;
  /** the sentiment score (-1 to 1) of the record's latest coded free-text answer, if it has one */
  answerSentiment?: number | null;
}

/** A cell's coordinates: one value per dimension. */
export interface DimensionValue {
  dimension: string;
  value: string;
}
export type CellValues = ReadonlyArray<DimensionValue>;

/** A descriptor with its code kept as a literal type, so the built-in codes form the `Dimension` union. */
export const defineDimension = <Code extends string>(descriptor: DimensionDescriptor<Code>): DimensionDescriptor<Code> => descriptor;

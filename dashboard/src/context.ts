import { createContext, useContext } from 'react';
import type { Viewer } from './auth/session';

export interface Indicator {
  code: string;
  version: number;
  name: string;
  description: string;
  kind: string;
  unit: string;
}
export interface PathwayDefinition {
  code: string;
  version: number;
  name: string;
  description: string;
  stages: string[];
}
export interface PartnerInfo {
  id: string;
  name: string;
  programType: string;
  status: string;
}
export interface Coverage {
  partnersAsked: number;
  partnersAnswered: number;
  missing: Array<{ partnerId: string; reason: string }>;
}
export interface ReleaseInfo {
  id: string;
  period: string;
  approvedAt: string;
  forced: boolean;
  note?: string | null;
  figureCount?: number;
  supersededBy?: string | null;
  coverage?: Coverage;
}

export interface Catalogue {
  indicators: Indicator[];
  pathways: PathwayDefinition[];
  partners: PartnerInfo[];
}

/** Where figures come from: the newest approved release of the period, or computed now. */
export type Source = 'LATEST' | 'LIVE';

export interface DashboardState {
  viewer: Viewer;
  /** The coalition's name (the gateway's COALITION_NAME). */
  coalition: string;
  catalogue: Catalogue;
  releases: ReleaseInfo[];
  /** The program year shown. */
  year: number;
  source: Source;
  refreshReleases(): void;
}

export const Dashboard = createContext<DashboardState | undefined>(undefined);

export function useDashboard(): DashboardState {
  const state = useContext(Dashboard);
  if (!state) throw new Error('useDashboard outside the dashboard');
  return state;
}

/** The `release` argument of a figure: funders always read releases (the gateway's default for them). */
export const releaseArgument = (state: Pick<DashboardState, 'viewer' | 'source'>) => (state.viewer.role === 'funder' ? 'LATEST' : state.source);

export const partnerName = (catalogue: Catalogue, id: string | null | undefined) =>
  id ? (catalogue.partners.find((p) => p.id === id)?.name ?? id) : 'left the pathway';

/** What every figure says about its own disclosure control. */
export interface DisclosureInfo {
  applied: boolean;
  minimumCellSize: number | null;
  protection: number | null;
}

/** The fields every network indicator answer carries, whatever its cells. */
export interface IndicatorHead {
  code: string;
  version: number;
  name: string;
  kind: string;
  unit: string;
  countUnit: string;
  period: string;
  disclosureControl: DisclosureInfo;
  coverage: Coverage;
  release: ReleaseInfo | null;
}

import { useEffect, useState } from 'react';

export const VIEWS = ['overview', 'equity', 'pathways', 'themes', 'partners', 'report'] as const;
export type View = (typeof VIEWS)[number];

/** What the address says: `#/equity?year=2024&source=LIVE&indicator=EMP_Q2&by=SEX`; never a token. */
export interface Route {
  view: View;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, query] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'overview';
  return { view, params: new URLSearchParams(query ?? '') };
}

export function routeHash(view: View, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return `#/${view}${text ? `?${text}` : ''}`;
}

export function useRoute(): [Route, (view: View, params: Record<string, string | number | undefined>) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  const go = (view: View, params: Record<string, string | number | undefined>) => {
    window.location.hash = routeHash(view, params);
  };
  return [route, go];
}

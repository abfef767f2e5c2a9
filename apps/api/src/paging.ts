import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { CursorError, DEFAULT_PAGE_LIMIT, KeysetPage, MAX_PAGE_LIMIT, pageLimit } from '@app/persistence';
import { DomainError } from './errors/error-codes';

/** `limit` and `cursor`, which every list takes. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_LIMIT, maximum: MAX_PAGE_LIMIT, description: 'Rows in this page' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the page before (opaque); absent for the first page' })
  @IsOptional() @IsString() @MaxLength(2000) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor: give the `next` value of the page before, unchanged' })
  cursor?: string;
}

/** How a list response says where its next page is. */
export interface PageLinks {
  limit: number;
  next: string | null;
  /** The same request for the next page (path and query), or null on the last page. */
  nextUrl: string | null;
  total: number;
  /** Every total given is counted, never estimated; the field tells clients which they have. */
  totalIsEstimate: false;
}

/** A repository page read with a client's cursor: a cursor that is not ours is the client's mistake (400). */
export async function readPage<P extends KeysetPage<unknown>>(read: () => Promise<P>): Promise<P> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof CursorError) throw new DomainError('VALIDATION', e.message, { field: 'cursor' });
    throw e;
  }
}

/** The next page's URL: the same filters, this limit and the next cursor (page numbers dropped). */
export function nextUrlOf(path: string, query: object, limit: number, next: string | null): string | null {
  if (!next) return null;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || ['cursor', 'limit', 'page', 'pageSize'].includes(k)) continue;
    params.set(k, String(v));
  }
  params.set('limit', String(limit));
  params.set('cursor', next);
  return `${path}?${params.toString()}`;
}

export function pageLinks<T>(path: string, query: object, limit: number, page: KeysetPage<T>): PageLinks {
  return { limit, next: page.next, nextUrl: nextUrlOf(path, query, limit, page.next), total: page.total, totalIsEstimate: false };
}

/** A client asked for the envelope (`{items, next, …}`) by naming a limit or a cursor. */
export function wantsEnvelope(query: PageQueryDto): boolean {
  return query.limit !== undefined || query.cursor !== undefined;
}

/**
 * Lists that were plain arrays stay arrays for clients that send neither `limit` nor `cursor`
 * (a bounded first page); where the next page is goes in headers: `Link: <…>; rel="next"`
 * (RFC 8288), `X-Next-Cursor` and `X-Total-Count`.
 */
export function pageHeaders(res: Response, links: PageLinks): void {
  res.setHeader('X-Total-Count', String(links.total));
  if (links.next && links.nextUrl) {
    res.setHeader('X-Next-Cursor', links.next);
    res.setHeader('Link', `<${links.nextUrl}>; rel="next"`);
  }
}

/** The body of a list that was a plain array: the envelope when asked for, else the array with headers. */
export function pageBody<T>(res: Response, query: PageQueryDto, page: { items: T[] } & PageLinks): T[] | ({ items: T[] } & PageLinks) {
  if (wantsEnvelope(query)) return page;
  pageHeaders(res, page);
  return page.items;
}


export { pageLimit };

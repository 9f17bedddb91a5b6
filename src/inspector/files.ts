// The page's files, shipped in the package next to the built server (dist/inspector/page/): read
// once, served from memory, and only the files that are there (no path is ever joined from a URL).
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageFile {
  type: string;
  bytes: Buffer;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

export function createPageFiles(dir = PAGE_DIR): { get(name: string): Promise<PageFile | undefined> } {
  let loading: Promise<Map<string, PageFile>> | undefined;
  const load = async (): Promise<Map<string, PageFile>> => {
    const files = new Map<string, PageFile>();
    for (const name of await readdir(dir)) {
      const type = TYPES[extname(name)];
      if (type) files.set(name, { type, bytes: await readFile(join(dir, name)) });
    }
    return files;
  };
  return {
    async get(name) {
      loading ??= load();
      return (await loading).get(name);
    },
  };
}

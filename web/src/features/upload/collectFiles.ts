/** A file picked or dropped for upload, with the path it had under what was dropped (for display). */
export interface PickedFile {
  file: File;
  path: string;
}

/** Files chosen through `<input type="file">`; a folder pick (webkitdirectory) gives relative paths. */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/**
 * Files and whole folders dropped on the page. The entries must be taken from
 * the DataTransfer synchronously, inside the drop event: the browser empties
 * the item list once the handler returns. Folders are then walked recursively
 * (File and Directory Entries API, `webkitGetAsEntry`), which every current
 * browser implements for drops.
 */
export function filesFromDrop(dataTransfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dataTransfer.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  if (entries.every((entry) => entry === null)) {
    return Promise.resolve(Array.from(dataTransfer.files, (file) => ({ file, path: file.name })));
  }
  return Promise.all(entries.map((entry) => (entry ? walkEntry(entry, '') : Promise.resolve([])))).then((lists) => lists.flat());
}

async function walkEntry(entry: FileSystemEntry, prefix: string): Promise<PickedFile[]> {
  const path = `${prefix}${entry.name}`;
  if (isFileEntry(entry)) return [{ file: await fileOf(entry), path }];
  if (!isDirectoryEntry(entry)) return [];
  const children = await readAllEntries(entry.createReader());
  const lists = await Promise.all(children.map((child) => walkEntry(child, `${path}/`)));
  return lists.flat();
}

/** `readEntries` hands out a directory in chunks (100 at a time in Chromium) until it returns none. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) return all;
    all.push(...chunk);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

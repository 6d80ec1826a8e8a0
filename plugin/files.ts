/** How the plugin hands the files it read to the core (kept apart from Obsidian types, so that the browser benchmark runs this same code). */

/** Files end to end in one buffer, with where each ends: the shape `upsertBytes` takes. */
export function joinFiles(files: ArrayBuffer[]): { bytes: Uint8Array; ends: Uint32Array } {
	const bytes = new Uint8Array(files.reduce((n, f) => n + f.byteLength, 0));
	const ends = new Uint32Array(files.length);
	let at = 0;
	files.forEach((f, i) => {
		bytes.set(new Uint8Array(f), at);
		at += f.byteLength;
		ends[i] = at;
	});
	return { bytes, ends };
}

/**
 * The layout docs/ARCHITECTURE.md describes: nodes/shared/ is one folder per concern, each entered only
 * through its index.ts (which says in one line what it owns), the rooms import each other without a cycle,
 * and no room imports a node folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const SHARED = path.join(REPO, 'nodes', 'shared');
const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g;

function tsFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return tsFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** The room a path lies in, if it lies in nodes/shared/. */
const roomOf = (file: string) => {
	const relative = path.relative(SHARED, file);
	return relative.startsWith('..') ? undefined : relative.split(path.sep)[0];
};

const imports = ['nodes', 'credentials', 'test', 'bench'].flatMap((top) =>
	tsFiles(path.join(REPO, top)).flatMap((file) =>
		[...fs.readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => ({
			file: path.relative(REPO, file),
			target: path.resolve(path.dirname(file), match[1]),
		})),
	),
);
const rooms = fs
	.readdirSync(SHARED, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);

test('nodes/shared holds only folders, each with an index.ts that opens with one line on what it owns', () => {
	const looseFiles = fs.readdirSync(SHARED).filter((name) => !rooms.includes(name));
	expect(looseFiles).toEqual([]);
	for (const room of rooms) {
		const index = fs.readFileSync(path.join(SHARED, room, 'index.ts'), 'utf8');
		expect(index.split('\n')[0]).toMatch(/^\/\*\* .+\. \*\/$/);
	}
});

test("no import reaches into a room from outside it: only the room's index", () => {
	const intruders = imports.filter(({ file, target }) => {
		const room = roomOf(target);
		if (room === undefined || roomOf(path.join(REPO, file)) === room) return false;
		return target !== path.join(SHARED, room);
	});
	expect(intruders).toEqual([]);
});

test('the rooms import each other without a cycle, and never a node folder', () => {
	const edges = new Map(rooms.map((room) => [room, new Set<string>()]));
	for (const { file, target } of imports) {
		const from = roomOf(path.join(REPO, file));
		if (from === undefined) continue;
		const to = roomOf(target);
		expect(`${file} → ${path.relative(REPO, target)}`).not.toMatch(/→ nodes\/(?!shared)/);
		if (to !== undefined && to !== from) edges.get(from)!.add(to);
	}
	// Rooms whose imports are all gone are removed, round after round: a cycle leaves rooms behind.
	const remaining = new Map([...edges].map(([room, targets]) => [room, new Set(targets)]));
	let removed = true;
	while (removed) {
		removed = false;
		for (const [room, targets] of remaining) {
			if ([...targets].every((target) => !remaining.has(target))) {
				remaining.delete(room);
				removed = true;
			}
		}
	}
	expect([...remaining.keys()]).toEqual([]);
});

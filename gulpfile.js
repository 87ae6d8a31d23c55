const { src, dest, task } = require('gulp');

// tsc emits only JavaScript; n8n also loads each node's icon and codex (*.node.json) from dist.
task('build:assets', () =>
	src(['nodes/**/*.{png,svg,node.json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);

// Placeholder entry point so the solution (and the test project, which references the CLI) builds
// before the CLI itself lands; the CLI work replaces this file.
return 0;

// Types of build-state.mjs (plain JavaScript, so that bin/hall.mjs needs nothing but node).
export declare const SOURCE_DIRS: string[];
export declare const SOURCE_FILES: string[];
export declare const SERVER_ENTRY: string;
export declare const STAMP: string;
export declare function sourceFingerprint(root: string): string;
export declare function buildState(root: string): 'fresh' | 'release' | 'stale' | 'missing';

// Types of deferred-deletions.mjs, a plain module so that bench/run.mjs runs without tsx.
export declare const TRASH_ENV: string;
export declare const WINDOW_SECONDS: number;
export declare function createTrash(): string;
export declare function removeTrash(trash: string, mark?: string): void;
export declare function removalWindowLeft(now?: number, mark?: string): number;
export declare function settleAfterLastRemoval(options: { wait: boolean; onWait?: (seconds: number) => void }): Promise<number>;
export declare function fileCreationMicros(trash: string): number;

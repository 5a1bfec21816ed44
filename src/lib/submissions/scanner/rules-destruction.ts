/**
 * Destruction: commands that wipe the system, the home directory or a disk, or make the machine
 * unusable. Aimed at the targets, not the command: `rm -rf dist node_modules` passes, `rm -rf ~`
 * does not, and "never run `rm -rf /`" is a mention.
 */
import { prose, rule, type ScanRule } from "./fragments";

/** /, ~, $HOME (optionally /*), or a top-level system directory, as the whole argument. */
const ROOT_OR_HOME = String.raw`["']?(?:(?:~|\$\{?HOME(?::\?)?\}?)["']?/?|/|/(?:etc|usr|bin|sbin|lib|lib64|boot|var|home|opt|root|System|Users|Library|Applications)/?)\*?["']?(?=$|[\s;&|)\x60])`;
const FLAGS = String.raw`(?:-{1,2}[a-z-]+\s{1,4})`;

export const DESTRUCTION_RULES: readonly ScanRule[] = [
  rule({
    id: "destructive-rm",
    title: "Recursive delete of /, ~ or $HOME",
    severity: "critical",
    pattern: new RegExp(
      [
        String.raw`\brm\s{1,4}${FLAGS}{1,4}${ROOT_OR_HOME}`,
        String.raw`\brm\b[^\n]{0,60}--no-preserve-root\b`,
        String.raw`\bremove-item\b[^\n]{0,80}-recurse[^\n]{0,80}\s["']?(?:[a-z]:\\?|~|\$env:userprofile|\$home)["']?(?=$|[\s\x60])`,
        String.raw`\b(?:rd|rmdir)\s{1,4}/s\s{1,4}(?:/q\s{1,4})?[a-z]:\\?(?=$|[\s\x60])|\b(?:del|erase)\s{1,4}(?:/[a-z]\s{1,4}){1,4}[a-z]:\\\*?(?=$|[\s\x60])`,
        String.raw`\bfind\s{1,4}(?:/|~|\$HOME)\s[^\n]{0,100}(?:-delete\b|-exec\s{1,4}rm\b)`,
        String.raw`\b(?:shutil\.rmtree|fs\.rm(?:Sync)?|fs\.promises\.rm|rimraf(?:\.sync)?)\s{0,2}\(\s{0,2}(?:["'](?:/|~/?)["']|os\.path\.expanduser\(\s{0,2}["']~/?["']\s{0,2}\)|os\.homedir\(\)|Path\.home\(\)|os\.environ\[\s{0,2}["']HOME["']\s{0,2}\])`,
        String.raw`\bmv\s{1,4}(?:~|\$HOME|/\*?)\s{1,4}/dev/null\b`,
      ].join("|"),
      "i",
    ),
    mentions: "negated",
    why: "Wipes the system or the user's home directory; there is no legitimate reason in a skill.",
  }),
  rule({
    id: "disk-wipe",
    title: "Formats or overwrites a disk",
    severity: "critical",
    pattern:
      /\bmkfs(?:\.[a-z0-9]+)?\s{1,4}\S|\bdd\b[^\n]{0,200}\bof=\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|vd[a-z]|disk\d|rdisk\d|mmcblk\d)|>\s{0,3}\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|disk\d|mmcblk\d)|\bshred\b[^\n]{0,100}\/dev\/(?:sd|nvme|hd|disk)|\bwipefs\s{1,4}-a\b|\bformat\s{1,4}[a-z]:(?=\s|$)|\b(?:format-volume|clear-disk)\b|\bdiskutil\s{1,4}(?:erasedisk|erasevolume|zerodisk|secureerase)\b/i,
    mentions: "negated",
    why: "Destroys a whole filesystem or block device.",
  }),
  rule({
    id: "fork-bomb",
    title: "Fork bomb",
    severity: "critical",
    pattern: /([\w:]{1,20})\s{0,3}\(\)\s{0,3}\{\s{0,3}\1\s{0,3}\|\s{0,3}\1\s{0,3}&\s{0,3}\}|%0\s{0,3}\|\s{0,3}%0|\bfork\s{0,3}while\s{0,3}fork\b|\bwhile\s{1,3}true\s{0,3}:\s{0,3}os\.fork\(\)/,
    requires: /\(\)\s{0,3}\{|%0|\bfork\b/,
    mentions: "negated",
    why: "Spawns processes until the machine stops responding.",
  }),
  rule({
    id: "destructive-chmod",
    title: "World-writable permissions on / or home",
    severity: "critical",
    pattern: new RegExp(
      String.raw`\bchmod\s{1,4}${FLAGS}{0,3}(?:0?777|0?000|a\+rwx|ugo\+rwx|a-rwx)\s{1,4}${FLAGS}{0,3}${ROOT_OR_HOME}|\bchown\s{1,4}(?:-R|--recursive)\s{1,4}\S{1,64}\s{1,4}${ROOT_OR_HOME}`,
      "i",
    ),
    mentions: "negated",
    why: "Breaks the system's security model (sudo, ssh refuse to work) and lets any process tamper with anything.",
  }),
  rule({
    id: "destruction-prose",
    title: "Asks to delete the user's files or disk",
    severity: "critical",
    pattern: new RegExp(
      prose(String.raw`\b(?:delete|remove|wipe|erase|destroy|shred) (?:all|every|everything)\b[^\n]{0,40}\b(?:in|on|under|from|of) (?:the )?(?:user'?s )?(?:home (?:directory|folder|dir)|~(?=\s|$|[.,;])|\$HOME|root (?:directory|filesystem)|(?:entire|whole) (?:disk|drive|filesystem|system|computer)|hard (?:drive|disk))`),
      "i",
    ),
    mentions: "quoted",
    why: "Deleting the user's files is never part of a skill's job.",
  }),
];

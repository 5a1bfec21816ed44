/**
 * Persistence and backdoors: anything that keeps running, or keeps a door open, after the skill
 * is done (SSH keys, startup files, schedulers, login items, sudoers), plus miners. Blocking
 * (critical): a skill that needs a schedule or a login item should tell the user how to set it
 * up, not install it. Plain PATH lines appended to a shell startup file stay a medium finding.
 */
import { NET, both, rule, type DocumentRule, type ScanRule } from "./fragments";
import type { PreparedText } from "./normalise";

const RC_FILE = String.raw`(?:\.bashrc|\.bash_profile|\.bash_login|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.profile|\.kshrc|\.cshrc|\.tcshrc|config\.fish|/etc/profile(?:\.d/\S{0,60})?|/etc/bash\.bashrc|/etc/zshrc|/etc/environment|Microsoft\.PowerShell_profile\.ps1|\$PROFILE)\b`;
const WRITES_RC = String.raw`(?:>>?|\btee\b(?:\s{1,3}-a)?|\badd-content\b|\bset-content\b|\bout-file\b[^\n]{0,40}-append)\s{0,3}(?:-\S{1,20}\s{1,3}){0,2}["']?[\w~\${}/.:-]{0,120}${RC_FILE}`;
/** What nobody needs in a startup file: network calls, decoders, background jobs, hijacked commands. */
const RC_PAYLOAD = String.raw`(?:${NET})|\bbase64\b|\bnohup\b|\bdisown\b|\bsetsid\b|&\s{0,3}["']?\s{0,3}(?:>>|\btee\b)|\balias\s{1,3}(?:sudo|ssh|git|ls|cd|cat|su|npm|pip|python3?|curl|wget|gpg)=|\bPROMPT_COMMAND\b|\btrap\b|\bLD_PRELOAD\b|\bDYLD_INSERT_LIBRARIES\b|(?:source|\.)\s{1,3}["']?(?:/tmp/|/dev/shm/|/var/tmp/)|\bpython[0-9.]{0,4}\s{1,3}-c\b|\bperl\s{1,3}-e\b|\bnode\s{1,3}-e\b`;

const RC_PAYLOAD_RE = new RegExp(RC_PAYLOAD, "i");

export const PERSISTENCE_RULES: readonly ScanRule[] = [
  rule({
    id: "ssh-authorized-keys",
    title: "Adds an SSH authorized key",
    severity: "critical",
    pattern: new RegExp(
      [
        String.raw`(?:>>?|\btee\b(?:\s{1,3}-a)?|\badd-content\b|\bset-content\b|\bout-file\b|\bopen\s{0,2}\()\s{0,3}(?:-\S{1,20}\s{1,3}){0,2}["']?[\w~\${}/.:-]{0,120}authorized_keys2?\b`,
        String.raw`\b(?:cp|mv|install|ln)\s{1,4}(?:-\S{1,10}\s{1,4}){0,4}\S{1,200}\s{1,4}["']?\S{0,200}authorized_keys2?["']?\s{0,3}(?:$|[;&|])`,
        String.raw`\b(?:add|append|put|write|insert|install|place|paste)\b[^\n]{0,80}\b(?:key|line|following|this|it)\b[^\n]{0,60}\b(?:to|in|into)\b[^\n]{0,40}authorized_keys`,
      ].join("|"),
      "i",
    ),
    mentions: "quoted",
    why: "Grants a remote party persistent login to the user's machine.",
  }),
  rule({
    id: "shell-rc-backdoor",
    title: "Startup file made to run network, encoded or background commands",
    severity: "critical",
    pattern: both(WRITES_RC, RC_PAYLOAD),
    requires: new RegExp(RC_FILE, "i"),
    mentions: "negated",
    why: "Every new shell would run it, long after the skill is gone: a backdoor. A skill should tell the user what to add, not add it.",
  }),
  rule({
    id: "shell-rc-append",
    title: "Modifies a shell startup file",
    severity: "medium",
    pattern: new RegExp(WRITES_RC, "i"),
    requires: new RegExp(RC_FILE, "i"),
    mentions: "negated",
    why: "Changes every future shell session; show the line and let the user add it.",
  }),
  rule({
    id: "cron-persistence",
    title: "Installs a scheduled task",
    severity: "critical",
    pattern:
      /\|\s{0,4}(?:sudo\s{1,4})?crontab\s{1,4}(?:-u\s{1,4}\S{1,32}\s{1,4})?-(?=$|[\s;&|)"'`])|\bcrontab\s{1,4}(?:-u\s{1,4}\S{1,32}\s{1,4})?["']?[\w~${}-]{0,100}[./][\w./~${}-]{1,100}|>{1,2}\s{0,3}["']?\/(?:etc\/cron(?:tab|\.d\/|\.(?:hourly|daily|weekly|monthly)\/)|var\/spool\/cron)|\btee\b[^\n]{0,40}\/(?:etc\/cron|var\/spool\/cron)|@reboot\b|\bschtasks(?:\.exe)?\b[^\n]{0,40}\/create\b|\bregister-scheduledtask\b/i,
    mentions: "negated",
    why: "A scheduled job keeps running after the skill is done, without the user seeing it again. Tell the user how to schedule it instead.",
  }),
  rule({
    id: "systemd-user-unit",
    title: "Installs a systemd user service",
    severity: "critical",
    pattern: /(?:>>?|\btee\b|\bcp\b|\bmv\b|\bmkdir\b|\bln\b|\binstall\b)[^\n]{0,120}\.config\/systemd\/user\b|\bsystemctl\s{1,4}--user\s{1,4}(?:enable|start|daemon-reload|link)\b|\bloginctl\s{1,4}enable-linger\b/i,
    mentions: "negated",
    why: "A user service starts at every login and runs in the background: persistence the user did not ask for.",
  }),
  rule({
    id: "launch-agent",
    title: "Installs a macOS LaunchAgent or LaunchDaemon",
    severity: "critical",
    pattern: /(?:>>?|\btee\b|\bcp\b|\bmv\b|\bln\b|\binstall\b|\bplutil\b|\bdefaults\s{1,4}write\b|\bcat\s{0,3}>)[^\n]{0,160}Library\/Launch(?:Agents|Daemons)\b|\blaunchctl\s{1,4}(?:load|bootstrap|submit|enable)\b/i,
    mentions: "negated",
    why: "A launch agent starts at every login: persistence the user did not ask for.",
  }),
  rule({
    id: "windows-autorun",
    title: "Adds a Windows Run key or Startup item",
    severity: "critical",
    pattern: /\b(?:reg(?:\.exe)?\s{1,4}add|new-itemproperty|set-itemproperty)\b[^\n]{0,200}CurrentVersion\\?\s{0,1}Run(?:Once)?\b|Start\s{0,2}Menu\\?Programs\\?Startup\b|\bshell:startup\b/i,
    mentions: "negated",
    why: "Runs a program at every login: persistence the user did not ask for.",
  }),
  rule({
    id: "sudoers-backdoor",
    title: "Edits sudoers",
    severity: "critical",
    pattern: /(?:>>|\btee\b(?:\s{1,3}-a)?)\s{0,3}["']?\/etc\/sudoers(?:\.d\/\S{0,60})?|\bNOPASSWD\s{0,3}:\s{0,3}ALL\b/,
    mentions: "negated",
    why: "Gives passwordless root to whoever the line names, for good.",
  }),
  rule({
    id: "remote-access-tunnel",
    title: "Opens the machine's shell or desktop to the internet",
    severity: "critical",
    pattern: /\bssh\b[^\n]{0,80}\s-R\s{0,2}(?:\S{0,60}:)?(?:localhost:|127\.0\.0\.1:)?(?:22|3389|5900)\b|\bngrok\s{1,3}(?:tcp|http)\s{1,3}(?:22|3389|5900)\b|\bcloudflared\b[^\n]{0,80}--url\s{1,3}["']?(?:ssh|rdp|tcp):\/\/|\bbore\s{1,3}local\s{1,3}(?:22|3389|5900)\b|\btailscale\s{1,3}funnel\s{1,3}(?:22|3389|5900)\b/i,
    mentions: "negated",
    why: "A reverse tunnel to the SSH or remote-desktop port lets whoever holds the other end log in to the user's machine: a backdoor.",
  }),
  rule({
    id: "crypto-miner",
    title: "Cryptocurrency miner",
    severity: "critical",
    pattern:
      /\b(?:xmrig|xmr-stak|minerd|cpuminer|cgminer|bfgminer|ethminer|nbminer|phoenixminer|lolminer|nanominer|t-rex|teamredminer|srbminer|gminer|coinhive|cryptonight|nicehash|moneroocean|supportxmr|minexmr|nanopool|2miners|f2pool|unmineable|minergate|kryptex|hashvault|herominers|xmr-node-proxy)\b|stratum\+(?:tcp|ssl|tls):\/\/|--donate-level\b|\bcoin-?imp\b/i,
    mentions: "negated",
    why: "Mining on the user's hardware is theft of power and compute.",
  }),
];

// --- Heredocs into startup files ---------------------------------------------------------------

const HEREDOC_TO_RC = new RegExp(String.raw`<<-?\s{0,2}["']?(\w{1,30})["']?[^\n]{0,200}?${WRITES_RC}|${WRITES_RC}[^\n]{0,200}?<<-?\s{0,2}["']?(\w{1,30})["']?`, "i");

/** `cat >> ~/.bashrc <<'EOF'` … `EOF`: the payload is on the lines between, so look there. */
function findRcHeredocs(doc: PreparedText): { offset: number }[] {
  const hits: { offset: number }[] = [];
  const lines = doc.logical;
  for (let k = 0; k < lines.length; k++) {
    const m = HEREDOC_TO_RC.exec(lines[k]!.forms[0]!.text);
    if (!m) continue;
    const end = m[1] ?? m[2]!;
    for (let j = k + 1; j < lines.length && j < k + 200; j++) {
      const form = lines[j]!.forms[0]!;
      if (form.text === end) break;
      const p = RC_PAYLOAD_RE.exec(form.text);
      if (p) {
        hits.push({ offset: form.src[p.index] ?? 0 });
        break;
      }
    }
  }
  return hits;
}

export const PERSISTENCE_DOCUMENT_RULES: readonly DocumentRule[] = [
  {
    id: "shell-rc-heredoc-backdoor",
    title: "Startup file made to run network, encoded or background commands",
    severity: "critical",
    why: "Every new shell would run it, long after the skill is gone: a backdoor. A skill should tell the user what to add, not add it.",
    find: (doc) => findRcHeredocs(doc),
  },
];

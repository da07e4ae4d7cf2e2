-- Vanity codes were once checked with ^…$, which in .NET also matches before a final newline, so "cool\n" could be
-- stored beside "cool" and "support\n" slipped past the reserved words. Release every code outside the alphabet; the
-- server keeps its VANITY_URL feature and can claim a valid code again.
UPDATE servers
SET vanity_code = NULL,
    vanity_uses = 0
WHERE vanity_code IS NOT NULL
  AND (vanity_code GLOB '*[^a-z0-9-]*' OR length(vanity_code) NOT BETWEEN 3 AND 32);

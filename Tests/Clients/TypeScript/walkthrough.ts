// The README's curl walkthroughs ("Try it with curl", "The Messenger face"), step by step, through openapi-fetch typed by
// openapi-typescript from the live document; then two requests that send enums (a channel type, a list of permissions)
// and read back what the service stored. Reads the service's address and three users' tokens from the environment
// (INVITES_API, INVITES_TOKEN_ALICE, _BOB, _CAROL); prints each step; exits non-zero at the first surprise.
import createClient from "openapi-fetch";
import type { paths } from "./obj/schema.js";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const api = need("INVITES_API");

function as(user?: "alice" | "bob" | "carol") {
  const headers: Record<string, string> = user ? { Authorization: `Bearer ${need(`INVITES_TOKEN_${user.toUpperCase()}`)}` } : {};
  return createClient<paths>({ baseUrl: api, headers });
}

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`expected ${what}`);
}

/** The body of a call that must succeed; its status and error body otherwise. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** A call that must succeed with no body (204). */
async function done(call: Promise<{ error?: unknown; response: Response }>, what: string): Promise<void> {
  const { error, response } = await call;
  if (response.status !== 204) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
}

const [alice, bob, carol, anyone] = [as("alice"), as("bob"), as("carol"), as()];

// Alice creates a server; it comes with a "general" channel and Alice as owner.
const server = await ok(alice.POST("/servers", { body: { name: "Cool Server" } }), "create a server");
const general = server.channels[0];
expect(server.name === "Cool Server" && server.channels.length === 1 && general?.name === "general", "the server with its general channel");
const serverId = server.id;
const channelId = general.id;
console.log(`created server ${serverId} with channel ${channelId}`);

// An invite valid for a day, usable ten times (201 with a Location header).
const created = await alice.POST("/channels/{id}/invites", { params: { path: { id: channelId } }, body: { max_age: 86400, max_uses: 10 } });
const invite = await ok(Promise.resolve(created), "create an invite");
expect(created.response.status === 201 && created.response.headers.get("Location") !== null, "201 with a Location");
expect(invite.max_uses === 10 && invite.expires_at !== null, "an invite for ten uses that expires");
const code = invite.code;
console.log(`created invite ${code}`);

const preview = await ok(anyone.GET("/invites/{code}", { params: { path: { code } } }), "preview");
expect(preview.guild.name === "Cool Server" && preview.channel.name === "general", "the preview to show the server and channel");
console.log(`previewed ${code} anonymously: ${preview.guild.name}, #${preview.channel.name}`);

const joined = await ok(bob.POST("/invites/{code}", { params: { path: { code } } }), "Bob joins");
expect("id" in joined && joined.id === serverId, "Bob's join to answer the server");
console.log(`bob joined ${joined.name}`);

const invites = await ok(alice.GET("/servers/{id}/invites", { params: { path: { id: serverId } } }), "list invites");
expect(invites.length === 1 && invites[0]?.code === code && invites[0]?.uses === 1, "the one active invite, used once");
const members = await ok(alice.GET("/servers/{id}/members", { params: { path: { id: serverId } } }), "list members");
expect(members.some((m) => m.user_id === "bob" && m.invite_code === code), "Bob among the members, through the code");
console.log(`listed ${invites.length} invite(s) and ${members.length} member(s)`);

await done(alice.DELETE("/invites/{code}", { params: { path: { code } } }), "delete the invite");
const after = await ok(alice.GET("/servers/{id}/invites", { params: { path: { id: serverId } } }), "list invites again");
expect(after.length === 0, "no active invite after the delete");
console.log(`deleted ${code}`);

// Enums, both ways: a voice channel, and Bob's permissions as a list.
const voice = await ok(alice.POST("/servers/{id}/channels", { params: { path: { id: serverId } }, body: { name: "lounge", type: "voice" } }), "create a voice channel");
expect(voice.type === "voice", 'the channel type to arrive as "voice"');
const bobNow = await ok(
  alice.PATCH("/servers/{id}/members/{userId}", { params: { path: { id: serverId, userId: "bob" } }, body: { permissions: ["CREATE_INVITE", "SEND_MESSAGES"] } }),
  "set Bob's permissions");
expect([...bobNow.permissions].sort().join() === "CREATE_INVITE,SEND_MESSAGES", "Bob's permissions as sent");
console.log(`enums round-trip: channel ${voice.type}, permissions ${bobNow.permissions.join(",")}`);

// The Messenger face: Alice's server is a thread.
const thread = { params: { path: { thread: serverId } } };
const mInvite = await ok(alice.POST("/api/messenger/threads/{thread}/invites", { ...thread, body: { expires: 7, uses: 25 } }), "create a thread invite");
expect(mInvite.max_use === 25 && mInvite.thread_id === serverId, "a thread invite for 25 uses");
console.log(`created messenger invite ${mInvite.code}`);

const list = await ok(alice.GET("/api/messenger/threads/{thread}/invites", thread), "list thread invites");
expect(list.meta.total === 1 && list.data[0]?.code === mInvite.code, "the thread's one invite");
const options = await ok(anyone.GET("/api/messenger/join/{code}", { params: { path: { code: mInvite.code } } }), "preview on the Messenger face");
expect(options.options.is_valid && options.options.thread_name === "Cool Server", "a valid invite to Cool Server");
const participant = await ok(carol.POST("/api/messenger/join/{code}", { params: { path: { code: mInvite.code } } }), "Carol joins");
expect(participant.owner_id === "carol" && participant.thread_id === serverId, "Carol as a participant of the thread");
const deleted = await ok(alice.DELETE("/api/messenger/threads/{thread}/invites/{invite}", { params: { path: { thread: serverId, invite: mInvite.id } } }), "delete the thread invite");
expect(deleted.message === "success", "success");
console.log(`listed, previewed, joined (carol) and deleted ${mInvite.code}`);

console.log("walkthroughs passed");

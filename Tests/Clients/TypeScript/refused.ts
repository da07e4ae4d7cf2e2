// Requests the service refuses must not type-check. Each call below is a compile error against the generated types, and
// the directive before it turns that around: were the document to offer null where the service refuses it, leave the
// Messenger create body optional or widen an enum, the call would compile and tsc would fail on the unused directive.
// Compiled with the walkthrough, never run.
import type { Client } from "openapi-fetch";
import type { paths } from "./obj/schema.js";

export function refusedRequests(client: Client<paths>): void {
  const server = { params: { path: { id: "660e8400-e29b-41d4-a716-446655440001" } } };
  const thread = { params: { path: { thread: "660e8400-e29b-41d4-a716-446655440001" } } };
  // @ts-expect-error create server: name refuses null
  void client.POST("/servers", { body: { name: null } });
  // @ts-expect-error create channel: name refuses null
  void client.POST("/servers/{id}/channels", { ...server, body: { name: null } });
  // @ts-expect-error create channel: a type outside the enum
  void client.POST("/servers/{id}/channels", { ...server, body: { name: "stage", type: "video" } });
  // @ts-expect-error create webhook: url refuses null
  void client.POST("/webhooks", { body: { url: null } });
  // @ts-expect-error create webhook: an event outside the enum
  void client.POST("/webhooks", { body: { url: "https://example.com/hook", events: ["invite.exploded"] } });
  // @ts-expect-error Messenger create: uses refuses null
  void client.POST("/api/messenger/threads/{thread}/invites", { ...thread, body: { uses: null } });
  // @ts-expect-error Messenger create: the body is required
  void client.POST("/api/messenger/threads/{thread}/invites", { ...thread });
  // @ts-expect-error update server: the raid brake's members refuse null
  void client.PATCH("/servers/{id}", { ...server, body: { raid_protection: { max_joins: null, per_seconds: 60, pause_minutes: 10 } } });
  // @ts-expect-error update member: a permission outside the enum
  void client.PATCH("/servers/{id}/members/{userId}", { params: { path: { id: "s", userId: "bob" } }, body: { permissions: ["ROOT"] } });
}

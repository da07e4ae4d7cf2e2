// The README's curl walkthroughs ("Try it with curl", "The Messenger face"), step by step, through the C# client NSwag
// generates from the live document, with System.Text.Json; then two requests that send enums (a channel type, a list of
// permissions) and read back what the service stored. Reads the service's address and three users' tokens from the
// environment (INVITES_API, INVITES_TOKEN_ALICE, _BOB, _CAROL); prints each step; exits non-zero at the first surprise.
using System.Net.Http.Headers;
using Invites.Client;

var api = Environment.GetEnvironmentVariable("INVITES_API") ?? throw new InvalidOperationException("INVITES_API is not set");
InvitesClient As(string? user)
{
    var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
    if (user is not null)
    {
        var token = Environment.GetEnvironmentVariable($"INVITES_TOKEN_{user.ToUpperInvariant()}") ?? throw new InvalidOperationException($"no token for {user}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    return new InvitesClient(http) { BaseUrl = api };
}

void Expect(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException($"expected {what}");
}

var (alice, bob, carol, anyone) = (As("alice"), As("bob"), As("carol"), As(null));

// Alice creates a server; it comes with a "general" channel and Alice as owner.
var server = await alice.CreateServerAsync(new CreateServerRequest { Name = "Cool Server" });
Expect(server.Name == "Cool Server" && server.Channels.Single().Name == "general", "the server with its general channel");
var serverId = server.Id;
var channelId = server.Channels.Single().Id;
Console.WriteLine($"created server {serverId} with channel {channelId}");

// An invite valid for a day, usable ten times.
var invite = await alice.CreateInviteAsync(channelId, new CreateInviteRequest { Max_age = 86400, Max_uses = 10 });
Expect(invite.Max_uses == 10 && invite.Expires_at > invite.Created_at.AddHours(23), "an invite for ten uses, valid for a day");
var code = invite.Code;
Console.WriteLine($"created invite {code}");

var preview = await anyone.PreviewInviteAsync(code);
Expect(preview.Guild.Name == "Cool Server" && preview.Channel.Name == "general", "the preview to show the server and channel");
Console.WriteLine($"previewed {code} anonymously: {preview.Guild.Name}, #{preview.Channel.Name}");

var joined = await bob.JoinInviteAsync(code);
Expect(joined.Id == serverId, "Bob's join to answer the server");
Console.WriteLine($"bob joined {joined.Name}");

var invites = await alice.ListInvitesAsync(serverId);
Expect(invites.Single().Code == code && invites.Single().Uses == 1, "the one active invite, used once");
var members = await alice.ListMembersAsync(serverId);
Expect(members.Any(m => m.User_id == "bob" && m.Invite_code == code), "Bob among the members, through the code");
Console.WriteLine($"listed {invites.Count} invite(s) and {members.Count} member(s)");

await alice.DeleteInviteAsync(code);
Expect((await alice.ListInvitesAsync(serverId)).Count == 0, "no active invite after the delete");
Console.WriteLine($"deleted {code}");

// Enums, both ways: a voice channel, and Bob's permissions as a list.
var voice = await alice.CreateChannelAsync(serverId, new CreateChannelRequest { Name = "lounge", Type = ChannelType.Voice });
Expect(voice.Type == "voice", "the channel type to arrive as \"voice\"");
var bobNow = await alice.UpdateMemberAsync(serverId, "bob", new UpdateMemberRequest { Permissions = [PermissionName.CREATE_INVITE, PermissionName.SEND_MESSAGES] });
Expect(bobNow.Permissions.OrderBy(p => p).SequenceEqual(["CREATE_INVITE", "SEND_MESSAGES"]), "Bob's permissions as sent");
Console.WriteLine($"enums round-trip: channel {voice.Type}, permissions {string.Join(",", bobNow.Permissions)}");

// The Messenger face: Alice's server is a thread.
var created = await alice.MessengerCreateInviteAsync(serverId, new MessengerCreateInviteRequest { Expires = 7, Uses = 25 });
Expect(created.Max_use == 25 && created.Thread_id == serverId, "a thread invite for 25 uses");
Console.WriteLine($"created messenger invite {created.Code}");

var list = await alice.MessengerListInvitesAsync(serverId);
Expect(list.Meta.Total == 1 && list.Data.Single().Code == created.Code, "the thread's one invite");
var options = await anyone.MessengerPreviewInviteAsync(created.Code);
Expect(options.Options.Is_valid && options.Options.Thread_name == "Cool Server", "a valid invite to Cool Server");
var participant = await carol.MessengerJoinInviteAsync(created.Code);
Expect(participant.Owner_id == "carol" && participant.Thread_id == serverId, "Carol as a participant of the thread");
var deleted = await alice.MessengerDeleteInviteAsync(serverId, created.Id);
Expect(deleted.Message == "success", "success");
Console.WriteLine($"listed, previewed, joined (carol) and deleted {created.Code}");

Console.WriteLine("walkthroughs passed");

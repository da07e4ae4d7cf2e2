using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>
/// The <c>requires_approval</c> create option: stored, shown on the invite, its list entry and its anonymous preview when
/// true, and absent from all three otherwise, so the seeds' shapes stay exact by default.
/// </summary>
public sealed class ApprovalLinkOptionTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static JsonNode Listed(JsonNode list, string code) => list.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;

    [Fact]
    public async Task An_approval_link_says_so_on_the_invite_its_list_entry_and_its_preview()
    {
        var (server, channel) = await app.CreateServerAsync("al-owner1");

        var created = await app.As("al-owner1").PostAsJsonAsync($"/channels/{channel}/invites", new { requires_approval = true });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var invite = await created.ReadJsonAsync();
        invite["requires_approval"]!.GetValue<bool>().ShouldBeTrue();
        var code = invite["code"]!.GetValue<string>();
        app.Scalar("SELECT requires_approval FROM invites WHERE code = @code", new { code }).ShouldBe(1);
        var list = await (await app.As("al-owner1").GetAsync($"/servers/{server}/invites")).ReadJsonAsync();
        Listed(list, code)["requires_approval"]!.GetValue<bool>().ShouldBeTrue();
        var preview = await (await app.As(null).GetAsync($"/invites/{code}")).ReadJsonAsync();
        preview["requires_approval"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task An_ordinary_invite_has_no_requires_approval_anywhere(bool? requiresApproval)
    {
        var (server, channel) = await app.CreateServerAsync($"al-owner2-{requiresApproval}");
        object body = requiresApproval is { } value ? new { requires_approval = value } : new { };

        var created = await app.As($"al-owner2-{requiresApproval}").PostAsJsonAsync($"/channels/{channel}/invites", body);

        var invite = await created.ReadJsonAsync();
        invite.AsObject().ContainsKey("requires_approval").ShouldBeFalse();
        var code = invite["code"]!.GetValue<string>();
        var list = await (await app.As($"al-owner2-{requiresApproval}").GetAsync($"/servers/{server}/invites")).ReadJsonAsync();
        Listed(list, code).AsObject().ContainsKey("requires_approval").ShouldBeFalse();
        (await (await app.As(null).GetAsync($"/invites/{code}")).ReadJsonAsync()).AsObject().ContainsKey("requires_approval").ShouldBeFalse();
    }

    [Fact]
    public async Task A_requires_approval_that_is_not_a_boolean_is_400_validation_failed_naming_it_and_writes_nothing()
    {
        var (_, channel) = await app.CreateServerAsync("al-owner3");
        var before = app.Fingerprint();

        var response = await app.As("al-owner3").PostJsonTextAsync($"/channels/{channel}/invites", """{"requires_approval": "yes"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["requires_approval"]);
        app.Fingerprint().ShouldBe(before);
    }
}

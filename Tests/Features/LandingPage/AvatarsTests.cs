using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.LandingPage;

/// <summary>The default avatar answers every id alike, so nobody learns from it who has an account.</summary>
public sealed class AvatarsTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<(HttpStatusCode Status, string Headers, string Body)> GetAsync(string path)
    {
        var response = await app.As(null).GetAsync(path);
        var headers = string.Join('\n', new[] { "ETag", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options" }
            .Select(name => $"{name}: {string.Join(',', response.Headers.TryGetValues(name, out var values) ? values : [])}"));
        return (response.StatusCode, headers + "\nContent-Type: " + response.Content.Headers.ContentType, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/avatars/{0}")]
    [InlineData("/api/messenger/images/user/{0}/sm/default.png")]
    [InlineData("/images/user/{0}/lg/img_5fcee7c1e64404.jpg")]
    public async Task An_id_gets_the_same_image_and_headers_before_and_after_its_user_exists(string route)
    {
        var user = "av-" + Math.Abs(route.GetHashCode() % 100000);
        var before = await GetAsync(string.Format(route, user));

        await app.CreateServerAsync(user, "Avatar Club"); // the user now exists, named after the id
        var after = await GetAsync(string.Format(route, user));

        before.Status.ShouldBe(HttpStatusCode.OK);
        before.Headers.ShouldContain("Content-Type: image/svg+xml");
        after.ShouldBe(before);
    }

    [Fact]
    public async Task Known_and_unknown_users_get_the_same_kind_of_image_with_nothing_of_their_name_in_it()
    {
        await app.CreateServerAsync("av-known", "Avatar Club");

        var known = await GetAsync("/avatars/av-known");
        var unknown = await GetAsync("/avatars/av-nobody-at-all");

        unknown.Status.ShouldBe(known.Status);
        unknown.Headers.Split('\n').Select(h => h.Split(':')[0]).ShouldBe(known.Headers.Split('\n').Select(h => h.Split(':')[0]));
        unknown.Headers.Replace(Etag(unknown.Headers), "").ShouldBe(known.Headers.Replace(Etag(known.Headers), ""));
        known.Body.ShouldNotContain("<text");
        known.Body.ShouldContain("aria-label=\"Avatar\"");
    }

    private static string Etag(string headers) => headers.Split('\n')[0];
}

using FluentValidation.TestHelper;
using InviteService.Features.Hearth;

using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Hearth;

/// <summary>Fast unit tests of the Hearth create body: its wire rules and the expiry it means.</summary>
public sealed class CreateInviteRequestTests
{
    private readonly CreateInviteRequest.Validator _validator = new();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(604800, 100)]
    public void The_edges_are_accepted(int maxAge, int maxUses) =>
        _validator.TestValidate(new CreateInviteRequest(maxAge, maxUses, null)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(-1, 0, "max_age")]
    [InlineData(604801, 0, "max_age")]
    [InlineData(0, -1, "max_uses")]
    [InlineData(0, 101, "max_uses")]
    public void Past_the_edges_is_refused(int maxAge, int maxUses, string field) =>
        _validator.TestValidate(new CreateInviteRequest(maxAge, maxUses, null)).ShouldHaveValidationErrorFor(field);

    [Fact]
    public void Max_age_is_seconds_from_now_a_day_by_default_and_0_is_never()
    {
        var now = new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero);

        CreateInviteRequest.Absent.ExpiresAt(now).ShouldBe(now.AddDays(1));
        new CreateInviteRequest(60, null, null).ExpiresAt(now).ShouldBe(now.AddMinutes(1));
        new CreateInviteRequest(0, null, null).ExpiresAt(now).ShouldBeNull();
    }
}

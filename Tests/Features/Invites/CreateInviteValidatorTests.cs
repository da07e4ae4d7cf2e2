using FluentValidation.TestHelper;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Infrastructure;

namespace InviteService.Tests.Features.Invites;

/// <summary>Fast unit tests of the create validator, both faces' rules.</summary>
public sealed class CreateInviteValidatorTests
{
    private static readonly TestTime Time = new();
    private readonly CreateInvite.Validator _validator = new(Time);
    private static readonly Caller Caller = new("v", "V", null, false);

    private static CreateInvite.Command Hearth(int maxAge, int maxUses) =>
        new(Caller, InvitePolicy.Hearth, "channel", null, maxUses, false, MaxAge: maxAge);

    private static CreateInvite.Command Messenger(int? uses, CreateInvite.MessengerExpiry? expires) =>
        new(Caller, InvitePolicy.Messenger, null, "thread", uses, false, Expires: expires);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(604800, 100)]
    public void Hearth_accepts_the_edges(int maxAge, int maxUses) =>
        _validator.TestValidate(Hearth(maxAge, maxUses)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(-1, 0, "max_age")]
    [InlineData(604801, 0, "max_age")]
    [InlineData(0, -1, "max_uses")]
    [InlineData(0, 101, "max_uses")]
    public void Hearth_refuses_past_the_edges(int maxAge, int maxUses, string field) =>
        _validator.TestValidate(Hearth(maxAge, maxUses)).ShouldHaveValidationErrorFor(field);

    [Fact]
    public void Messenger_requires_uses() =>
        _validator.TestValidate(Messenger(null, null)).ShouldHaveValidationErrorFor("uses");

    [Theory]
    [InlineData(-1)]
    [InlineData(9)]
    public void Messenger_presets_are_0_to_8(int preset) =>
        _validator.TestValidate(Messenger(1, new(preset, null))).ShouldHaveValidationErrorFor("expires");

    [Fact]
    public void Messenger_dates_must_be_more_than_five_minutes_ahead()
    {
        var now = Time.GetUtcNow();
        _validator.TestValidate(Messenger(1, new(null, now.AddMinutes(4).ToString("O")))).ShouldHaveValidationErrorFor("expires");
        _validator.TestValidate(Messenger(1, new(null, now.AddMinutes(-4).ToString("O")))).ShouldHaveValidationErrorFor("expires");
        _validator.TestValidate(Messenger(1, new(null, now.AddMinutes(6).ToString("O")))).ShouldNotHaveAnyValidationErrors();
        _validator.TestValidate(Messenger(1, new(null, "next tuesday"))).ShouldHaveValidationErrorFor("expires");
    }
}

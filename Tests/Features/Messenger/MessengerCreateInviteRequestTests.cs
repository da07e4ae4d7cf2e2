using System.Text.Json;
using FluentValidation.TestHelper;
using InviteService.Features.Messenger;
using Microsoft.Extensions.Time.Testing;

using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Messenger;

/// <summary>Fast unit tests of the Messenger create body: its wire rules and the presets.</summary>
public sealed class MessengerCreateInviteRequestTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero));
    private readonly MessengerCreateInviteRequest.Validator _validator = new(Time);

    private static MessengerCreateInviteRequest Request(int? uses, object? expires) =>
        new(uses, expires is null ? null : JsonSerializer.SerializeToElement(expires));

    [Fact]
    public void Uses_is_required() =>
        _validator.TestValidate(MessengerCreateInviteRequest.Absent).ShouldHaveValidationErrorFor("uses");

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Uses_is_0_to_100(int uses) =>
        _validator.TestValidate(Request(uses, null)).ShouldHaveValidationErrorFor("uses");

    [Theory]
    [InlineData(-1)]
    [InlineData(9)]
    public void Presets_are_0_to_8(int preset) =>
        _validator.TestValidate(Request(1, preset)).ShouldHaveValidationErrorFor("expires");

    [Fact]
    public void Dates_must_be_more_than_five_minutes_ahead()
    {
        var now = Time.GetUtcNow();
        _validator.TestValidate(Request(1, now.AddMinutes(4).ToString("O"))).ShouldHaveValidationErrorFor("expires");
        _validator.TestValidate(Request(1, now.AddMinutes(-4).ToString("O"))).ShouldHaveValidationErrorFor("expires");
        _validator.TestValidate(Request(1, now.AddMinutes(6).ToString("O"))).ShouldNotHaveAnyValidationErrors();
        _validator.TestValidate(Request(1, "next tuesday")).ShouldHaveValidationErrorFor("expires");
        _validator.TestValidate(Request(1, new[] { 1 })).ShouldHaveValidationErrorFor("expires");
    }

    [Fact]
    public void Presets_and_numeric_strings_mean_the_same_expiry()
    {
        var now = Time.GetUtcNow();

        Request(1, 0).ExpiresAt(now).ShouldBeNull();
        Request(1, 1).ExpiresAt(now).ShouldBe(now.AddMinutes(30));
        Request(1, "8").ExpiresAt(now).ShouldBe(now.AddMonths(1));
        MessengerCreateInviteRequest.Absent.ExpiresAt(now).ShouldBeNull();
    }
}

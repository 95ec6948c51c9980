using System.Net;

namespace Casus.Tests.Support;

/// <summary>Assertions that print the response body when they fail, so a failure explains itself.</summary>
public static class Expect
{
    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode} for {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}.\nLocation: {response.Headers.Location}\nBody:\n{body[..Math.Min(body.Length, 3000)]}");
        }
    }
}

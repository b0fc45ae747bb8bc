// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Bench.Support;

/// <summary>Setup-time checks: a benchmark that measures the wrong thing must fail, not report.</summary>
internal static class BenchCheck
{
    /// <summary>Throw unless <paramref name="value"/> is set.</summary>
    public static void NotNull(object? value, string what)
    {
        if (value is null)
            throw new InvalidOperationException($"benchmark setup check failed: {what} returned null");
    }

    /// <summary>Throw unless equal.</summary>
    public static void Equal(long expected, long actual, string what)
    {
        if (expected != actual)
            throw new InvalidOperationException($"benchmark setup check failed: {what}: expected {expected}, got {actual}");
    }

    /// <summary>Throw unless <paramref name="condition"/>.</summary>
    public static void True(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"benchmark setup check failed: {what}");
    }

    /// <summary>Throw unless both are the same object.</summary>
    public static void Same(object? expected, object? actual, string what)
    {
        if (!ReferenceEquals(expected, actual))
            throw new InvalidOperationException($"benchmark setup check failed: {what}: expected {expected ?? "null"}, got {actual ?? "null"}");
    }
}

// SPDX-License-Identifier: GPL-2.0-only
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Conditional exact test of two Poisson rates. Given n = hitsA + hitsB, under "same rate"
/// hitsA ~ Binomial(n, π0) with π0 = opsA / (opsA + opsB). The p-value is two-sided by the
/// "minimum likelihood" rule (as R's <c>binom.test</c>: the probability of every outcome no
/// likelier than the observed one). The rate-ratio interval maps the Clopper–Pearson interval
/// of π through RR = π/(1−π) · opsB/opsA.
/// </summary>
public static class RateRatioTest
{
    // Outcomes within this relative likelihood of the observed one count as "as extreme" (R uses 1e-7).
    private const double RelativeTolerance = 1e-7;

    public static RateRatioResult Conditional(long hitsA, long opsA, long hitsB, long opsB, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hitsA);
        ArgumentOutOfRangeException.ThrowIfNegative(hitsB);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(opsA);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(opsB);
        ArgumentOutOfRangeException.ThrowIfNotEqual(level is > 0 and < 1, true, nameof(level));

        long n = hitsA + hitsB;
        if (n == 0)
        {
            return new RateRatioResult(hitsA, opsA, hitsB, opsB, double.NaN, null, 1);
        }

        double pi0 = (double)opsA / ((double)opsA + opsB);
        double exposure = (double)opsB / opsA;
        double ratio = hitsB == 0 ? double.PositiveInfinity : (double)hitsA / hitsB * exposure;
        double alpha = 1 - level;
        double piLow = hitsA == 0 ? 0 : Beta.InvCDF(hitsA, n - hitsA + 1, alpha / 2);
        double piHigh = hitsA == n ? 1 : Beta.InvCDF(hitsA + 1, n - hitsA, 1 - (alpha / 2));
        var interval = new Interval(Odds(piLow) * exposure, piHigh >= 1 ? double.PositiveInfinity : Odds(piHigh) * exposure);
        return new RateRatioResult(hitsA, opsA, hitsB, opsB, ratio, interval, TwoSidedP(hitsA, n, pi0));
    }

    /// <summary>Exact two-sided binomial p-value, minimum-likelihood rule, O(log n).</summary>
    internal static double TwoSidedP(long x, long n, double p)
    {
        double mean = n * p;
        double limit = PmfLn(x, n, p) + double.LogP1(RelativeTolerance);
        double result;
        if (x < mean)
        {
            // Upper side: the pmf does not increase on [ceil(mean), n]; count its tail outcomes.
            long y = CountAtMost(n, p, (long)Math.Ceiling(mean), n, limit, decreasing: true);
            result = AtMost(x, n, p) + AtLeast(n - y + 1, n, p);
        }
        else if (x > mean)
        {
            // Lower side: the pmf does not decrease on [0, floor(mean)].
            long y = CountAtMost(n, p, 0, (long)Math.Floor(mean), limit, decreasing: false);
            result = AtMost(y - 1, n, p) + AtLeast(x, n, p);
        }
        else
        {
            result = 1;
        }

        return Math.Clamp(result, 0, 1);
    }

    private static double Odds(double pi) => pi / (1 - pi);

    // How many k in [from, to] have ln pmf(k) ≤ limit, for a pmf monotone on that range.
    private static long CountAtMost(long n, double p, long from, long to, double limit, bool decreasing)
    {
        if (from > to)
        {
            return 0;
        }

        // Binary search the boundary between "likelier than observed" and "no likelier".
        long lo = from;
        long hi = to + 1;
        while (lo < hi)
        {
            long mid = lo + ((hi - lo) / 2);
            bool atMost = PmfLn(mid, n, p) <= limit;
            if (atMost == decreasing)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        // decreasing: outcomes [lo, to] qualify; increasing: outcomes [from, lo) qualify.
        return decreasing ? to - lo + 1 : lo - from;
    }

    // ln of the Binomial(n, p) pmf at k; counts may exceed int, so not Binomial.PMFLn(int, int).
    private static double PmfLn(long k, long n, double p) =>
        SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0)
        + (k * Math.Log(p)) + ((n - k) * double.LogP1(-p));

    // P(X ≤ k) = I_{1−p}(n−k, k+1), computed directly so that small tails keep their precision.
    private static double AtMost(long k, long n, double p) =>
        k < 0 ? 0 : k >= n ? 1 : SpecialFunctions.BetaRegularized(n - k, k + 1, 1 - p);

    // P(X ≥ k) = I_p(k, n−k+1).
    private static double AtLeast(long k, long n, double p) =>
        k <= 0 ? 1 : k > n ? 0 : SpecialFunctions.BetaRegularized(k, n - k + 1, p);
}

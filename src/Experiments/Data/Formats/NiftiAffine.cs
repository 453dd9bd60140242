namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Voxel-to-world matrices of NIfTI-1: the qform (quaternion, pixdim and qfac) and the diagonal fallback, following
/// nifti1_io.c (nifti_quatern_to_mat44 and nifti_mat44_to_quatern).
/// </summary>
internal static class NiftiAffine
{
    // Tolerance for calling a matrix a rotation: float32 header fields carry about 7 digits.
    private const double OrthogonalityTolerance = 1e-4;

    public static double[,] Diagonal((double X, double Y, double Z) spacing) => new double[,]
    {
        { spacing.X, 0, 0, 0 },
        { 0, spacing.Y, 0, 0 },
        { 0, 0, spacing.Z, 0 },
        { 0, 0, 0, 1 },
    };

    public static double[,] FromQuaternion(double b, double c, double d, (double X, double Y, double Z) offset,
        (double X, double Y, double Z) spacing, double qfac)
    {
        var squares = b * b + c * c + d * d;
        double a;
        if (1.0 - squares > 1e-7)
        {
            a = Math.Sqrt(1.0 - squares);
        }
        else
        {
            // (b, c, d) is (nearly) a unit vector: a 180° rotation; renormalise as nifti1_io does.
            var norm = 1.0 / Math.Sqrt(squares);
            (a, b, c, d) = (0, b * norm, c * norm, d * norm);
        }
        var z = qfac < 0 ? -spacing.Z : spacing.Z;
        return new double[,]
        {
            { (a * a + b * b - c * c - d * d) * spacing.X, 2 * (b * c - a * d) * spacing.Y, 2 * (b * d + a * c) * z, offset.X },
            { 2 * (b * c + a * d) * spacing.X, (a * a + c * c - b * b - d * d) * spacing.Y, 2 * (c * d - a * b) * z, offset.Y },
            { 2 * (b * d - a * c) * spacing.X, 2 * (c * d + a * b) * spacing.Y, (a * a + d * d - b * b - c * c) * z, offset.Z },
            { 0, 0, 0, 1 },
        };
    }

    /// <summary>
    /// The quaternion (b, c, d) and qfac that reproduce <paramref name="affine"/>'s upper 3×3 with pixdim =
    /// <paramref name="spacing"/>; false when that part is not a rotation (possibly with a flip) times those spacings.
    /// </summary>
    public static bool TryToQuaternion(double[,] affine, (double X, double Y, double Z) spacing,
        out (double B, double C, double D) quaternion, out double qfac)
    {
        quaternion = (0, 0, 0);
        qfac = 1;
        double[] scales = [spacing.X, spacing.Y, spacing.Z];
        var r = new double[3, 3];
        for (var column = 0; column < 3; column++)
        {
            var norm = Math.Sqrt(affine[0, column] * affine[0, column] + affine[1, column] * affine[1, column] + affine[2, column] * affine[2, column]);
            if (!(Math.Abs(norm - scales[column]) <= OrthogonalityTolerance * scales[column])) return false;
            for (var row = 0; row < 3; row++) r[row, column] = affine[row, column] / norm;
        }
        for (var i = 0; i < 3; i++)
        for (var j = i + 1; j < 3; j++)
        {
            var dot = r[0, i] * r[0, j] + r[1, i] * r[1, j] + r[2, i] * r[2, j];
            if (!(Math.Abs(dot) <= OrthogonalityTolerance)) return false;
        }

        var determinant = r[0, 0] * (r[1, 1] * r[2, 2] - r[1, 2] * r[2, 1])
            - r[0, 1] * (r[1, 0] * r[2, 2] - r[1, 2] * r[2, 0])
            + r[0, 2] * (r[1, 0] * r[2, 1] - r[1, 1] * r[2, 0]);
        if (determinant < 0)
        {
            // A reflection: the quaternion holds the rotation, qfac = -1 flips z (pixdim[0]).
            qfac = -1;
            for (var row = 0; row < 3; row++) r[row, 2] = -r[row, 2];
        }

        double a, b, c, d;
        var trace = r[0, 0] + r[1, 1] + r[2, 2] + 1.0;
        if (trace > 0.5)
        {
            a = 0.5 * Math.Sqrt(trace);
            b = 0.25 * (r[2, 1] - r[1, 2]) / a;
            c = 0.25 * (r[0, 2] - r[2, 0]) / a;
            d = 0.25 * (r[1, 0] - r[0, 1]) / a;
        }
        else
        {
            var xd = 1.0 + r[0, 0] - (r[1, 1] + r[2, 2]);
            var yd = 1.0 + r[1, 1] - (r[0, 0] + r[2, 2]);
            var zd = 1.0 + r[2, 2] - (r[0, 0] + r[1, 1]);
            if (xd > 1.0)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r[0, 1] + r[1, 0]) / b;
                d = 0.25 * (r[0, 2] + r[2, 0]) / b;
                a = 0.25 * (r[2, 1] - r[1, 2]) / b;
            }
            else if (yd > 1.0)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r[0, 1] + r[1, 0]) / c;
                d = 0.25 * (r[1, 2] + r[2, 1]) / c;
                a = 0.25 * (r[0, 2] - r[2, 0]) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r[0, 2] + r[2, 0]) / d;
                c = 0.25 * (r[1, 2] + r[2, 1]) / d;
                a = 0.25 * (r[1, 0] - r[0, 1]) / d;
            }
        }
        // The header stores only (b, c, d) and derives a >= 0, so pick that sign of the quaternion.
        quaternion = a < 0 ? (-b, -c, -d) : (b, c, d);
        return true;
    }
}

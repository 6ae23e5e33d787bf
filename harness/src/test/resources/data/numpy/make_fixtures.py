# Writes the NumPy fixtures of NumpyFixturesTest and NpzReaderTest. Run from this directory:
#   python3 make_fixtures.py
# Only for making fixtures; the project never runs Python.
import numpy as np
import numpy.lib.format as fmt

np.save("f4_le.npy", (np.arange(6, dtype="<f4").reshape(2, 3) / 4).astype("<f4"))
np.save("f8_be.npy", np.array([[1.5, -2.25], [1e300, -0.0]], dtype=">f8"))
np.save("u1.npy", np.array([0, 1, 254, 255], dtype="u1"))
np.save("i1.npy", np.array([-128, -1, 0, 127], dtype="i1"))
np.save("i2_be.npy", np.array([[-300, 2], [7, 32767]], dtype=">i2"))
np.save("i4_le.npy", np.array([-2147483648, 0, 2147483647], dtype="<i4"))
np.save("i8_be.npy", np.array([[-5], [1 << 40]], dtype=">i8"))
with open("f4_v2.npy", "wb") as f:
    fmt.write_array(f, np.arange(4, dtype="<f4").reshape(2, 2, 1), version=(2, 0))
with open("i4_v3.npy", "wb") as f:
    fmt.write_array(f, np.array([3, 1, 4, 1, 5], dtype=">i4"), version=(3, 0))
np.save("scalar.npy", np.float32(2.5))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
np.save("complex.npy", np.array([1 + 2j], dtype="<c8"))
np.save("bool.npy", np.array([True, False]))
np.save("unicode.npy", np.array(["hello"], dtype="<U5"))
np.save("bitmap.npy", (np.arange(5 * 784) * 7 % 256).astype("u1").reshape(5, 784))
np.savez("xy.npz", x=np.arange(24, dtype="<f4").reshape(4, 2, 3), y=np.array([0, 1, 2, 1], dtype="<i8"))
np.savez_compressed(
    "images_labels.npz",
    images=np.array([[0, 128, 255], [255, 0, 1], [3, 3, 3]], dtype="u1"),
    labels=np.array([1, 0, 1], dtype=">i2"),
)

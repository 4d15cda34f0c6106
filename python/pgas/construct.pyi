from typing import Any, Literal, Optional, Sequence, SupportsIndex, Union, overload

from numpy.typing import DTypeLike, NDArray

from .darray import darray
from .maps import dmap

__all__ = ["zeros", "ones", "empty", "full", "rand", "randn", "arange", "from_numpy"]

# One shape argument ((M, N) or [M, N]) or pPython's separate sizes (M, N).
_Size = Union[SupportsIndex, Sequence[SupportsIndex]]
# No map (or map=1): a plain NumPy array.
_NoMap = Optional[Literal[1]]

@overload
def zeros(*shape: _Size, map: dmap, dtype: DTypeLike = ..., comm: Any = None) -> darray: ...
@overload
def zeros(*shape: _Size, map: _NoMap = None, dtype: DTypeLike = ...,
          comm: Any = None) -> NDArray[Any]: ...
@overload
def ones(*shape: _Size, map: dmap, dtype: DTypeLike = ..., comm: Any = None) -> darray: ...
@overload
def ones(*shape: _Size, map: _NoMap = None, dtype: DTypeLike = ...,
         comm: Any = None) -> NDArray[Any]: ...
@overload
def empty(*shape: _Size, map: dmap, dtype: DTypeLike = ..., comm: Any = None) -> darray: ...
@overload
def empty(*shape: _Size, map: _NoMap = None, dtype: DTypeLike = ...,
          comm: Any = None) -> NDArray[Any]: ...
@overload
def full(shape: _Size, fill_value: Any, map: dmap, dtype: DTypeLike | None = None,
         comm: Any = None) -> darray: ...
@overload
def full(shape: _Size, fill_value: Any, map: _NoMap = None, dtype: DTypeLike | None = None,
         comm: Any = None) -> NDArray[Any]: ...
@overload
def rand(*shape: _Size, map: dmap, seed: Optional[int] = None, dtype: DTypeLike = ...,
         comm: Any = None) -> darray: ...
@overload
def rand(*shape: _Size, map: _NoMap = None, seed: Optional[int] = None, dtype: DTypeLike = ...,
         comm: Any = None) -> NDArray[Any]: ...
@overload
def randn(*shape: _Size, map: dmap, seed: Optional[int] = None, dtype: DTypeLike = ...,
          comm: Any = None) -> darray: ...
@overload
def randn(*shape: _Size, map: _NoMap = None, seed: Optional[int] = None, dtype: DTypeLike = ...,
          comm: Any = None) -> NDArray[Any]: ...
@overload
def arange(*args: float, map: dmap, dtype: DTypeLike | None = None, comm: Any = None) -> darray: ...
@overload
def arange(*args: float, map: _NoMap = None, dtype: DTypeLike | None = None,
           comm: Any = None) -> NDArray[Any]: ...
def from_numpy(a: Any, map: dmap, root: Optional[int] = None, comm: Any = None) -> darray: ...

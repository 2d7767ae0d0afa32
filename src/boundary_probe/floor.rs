//! The floor: each call shape as bare hand-written Node-API, with no helper, no check and no
//! panic guard. Nothing in the project should call these; they are what the fast path is
//! measured against.

use std::ffi::CStr;

use napi::sys;

use super::{byte_sum, fill_pattern};

type RawCallback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

const FLOOR: &[(&CStr, RawCallback)] = &[
    (c"probeFloorNoop", noop),
    (c"probeFloorU32", add_one_u32),
    (c"probeFloorStr", key_length),
    (c"probeFloorStrUtf16", key_length_utf16),
    (c"probeFloorBytes", bytes_sum),
    (c"probeFloorFill", fill),
    (c"probeFloorNewBuffer", new_buffer),
];

pub fn register(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    for (name, callback) in FLOOR {
        let mut function = std::ptr::null_mut();
        // SAFETY: module init on this env; the name is a static C string and no data is attached.
        let status = unsafe {
            sys::napi_create_function(
                env,
                name.as_ptr(),
                -1,
                Some(*callback),
                std::ptr::null_mut(),
                &mut function,
            );
            sys::napi_set_named_property(env, exports, name.as_ptr(), function)
        };
        if status != sys::Status::napi_ok {
            return Err(napi::Error::from_reason(format!(
                "could not export {name:?}"
            )));
        }
    }
    Ok(())
}

unsafe extern "C" fn noop(_env: sys::napi_env, _info: sys::napi_callback_info) -> sys::napi_value {
    std::ptr::null_mut()
}

/// # Safety
/// Called by Node-API with a live env and callback info.
unsafe fn first_arg(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut argc = 1usize;
    let mut argv = [std::ptr::null_mut(); 1];
    // SAFETY: argv has room for one value.
    unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    argv[0]
}

unsafe extern "C" fn add_one_u32(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut value = 0u32;
    let mut out = std::ptr::null_mut();
    // SAFETY: Node-API callback; locals as out-pointers. The floor checks nothing on purpose.
    unsafe {
        sys::napi_get_value_uint32(env, first_arg(env, info), &mut value);
        sys::napi_create_uint32(env, value.wrapping_add(1), &mut out);
    }
    out
}

unsafe extern "C" fn key_length(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut buf = std::mem::MaybeUninit::<[u8; 512]>::uninit();
    let mut len = 0usize;
    let mut out = std::ptr::null_mut();
    // SAFETY: Node-API callback; the buffer is 512 bytes and Node-API writes at most that many.
    unsafe {
        sys::napi_get_value_string_utf8(
            env,
            first_arg(env, info),
            buf.as_mut_ptr().cast(),
            512,
            &mut len,
        );
        sys::napi_create_uint32(env, len as u32, &mut out);
    }
    out
}

unsafe extern "C" fn bytes_sum(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = std::ptr::null_mut();
    let mut array_buffer = std::ptr::null_mut();
    let mut offset = 0usize;
    let mut out = std::ptr::null_mut();
    // SAFETY: Node-API callback; the probe is only ever given a Uint8Array, whose `len` bytes
    // start at `data` and stay alive for the call.
    unsafe {
        sys::napi_get_typedarray_info(
            env,
            first_arg(env, info),
            &mut kind,
            &mut len,
            &mut data,
            &mut array_buffer,
            &mut offset,
        );
        let bytes = if len == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(data.cast::<u8>(), len)
        };
        sys::napi_create_uint32(env, byte_sum(bytes), &mut out);
    }
    out
}

unsafe extern "C" fn fill(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: Node-API callback with a live env and info.
    let target = unsafe { first_arg(env, info) };
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = std::ptr::null_mut();
    let mut array_buffer = std::ptr::null_mut();
    let mut offset = 0usize;
    // SAFETY: as in `bytes_sum`, writable because the caller owns the Uint8Array.
    unsafe {
        sys::napi_get_typedarray_info(
            env,
            target,
            &mut kind,
            &mut len,
            &mut data,
            &mut array_buffer,
            &mut offset,
        );
        if len != 0 {
            fill_pattern(std::slice::from_raw_parts_mut(data.cast::<u8>(), len));
        }
    }
    target
}

unsafe extern "C" fn new_buffer(
    env: sys::napi_env,
    _info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut data = std::ptr::null_mut();
    let mut out = std::ptr::null_mut();
    // SAFETY: Node-API allocates 16 bytes at `data` for the new Buffer.
    unsafe {
        sys::napi_create_buffer(env, 16, &mut data, &mut out);
        fill_pattern(std::slice::from_raw_parts_mut(data.cast::<u8>(), 16));
    }
    out
}

unsafe extern "C" fn key_length_utf16(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut buf = std::mem::MaybeUninit::<[u16; 256]>::uninit();
    let mut len = 0usize;
    let mut out = std::ptr::null_mut();
    // SAFETY: as in `key_length`; the buffer holds 256 UTF-16 units.
    unsafe {
        sys::napi_get_value_string_utf16(
            env,
            first_arg(env, info),
            buf.as_mut_ptr().cast(),
            256,
            &mut len,
        );
        sys::napi_create_uint32(env, len as u32, &mut out);
    }
    out
}
